namespace ExposureWeb.Data.Entities;

/// <summary>
/// One point of a portfolio's Greeks history: its net Greeks and value as read at one block. The engine's
/// <c>GreeksPoint</c> is the same figures in memory; the units are documented there. One row per portfolio and block:
/// a block read again (a reorg) replaces its row.
/// </summary>
public sealed class GreeksHistoryEntry
{
    public int PortfolioId { get; set; }

    /// <summary>Block the snapshot was read at (block numbers fit a signed 64-bit integer with room to spare).</summary>
    public long BlockNumber { get; set; }

    /// <summary>The block's timestamp, UTC; retention by age compares it.</summary>
    public DateTimeOffset BlockTime { get; set; }

    /// <summary>Σ delta × price, USD.</summary>
    public double NetUsdDelta { get; set; }

    /// <summary>Σ Γ·S²·1%, USD.</summary>
    public double DollarGammaPerPercent { get; set; }

    /// <summary>USD per volatility point.</summary>
    public double VegaPerVolPoint { get; set; }

    /// <summary>USD per calendar day.</summary>
    public double ThetaPerDay { get; set; }

    /// <summary>Σ value of the priced positions, USD.</summary>
    public double ValueUsd { get; set; }
}
