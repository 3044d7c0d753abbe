using ExposureWeb.Risk.Exposure;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Pricing.Models;
using ExposureWeb.Risk.Protocols;

namespace ExposureWeb.Risk.Portfolios;

/// <summary>Net sensitivities to one underlying, summed over positions (raw units of <see cref="Risk.Greeks"/>).</summary>
/// <param name="Underlying">Unit of netting.</param>
/// <param name="PriceUsd">Price used, USD per unit; null when no usable price exists (then only unit figures are known).</param>
/// <param name="Greeks">Summed sensitivities: delta in units, gamma per USD, vega per 1.00 vol, theta per year, rho per 1.00.</param>
/// <param name="Quote">The oracle quote with its update time and issue, or null when there is none.</param>
public sealed record UnderlyingRisk(string Underlying, double? PriceUsd, Greeks Greeks, PriceQuote? Quote)
{
    /// <summary>
    /// Units held through positions that could not be priced, where holding them needs no price (a lending account whose
    /// other leg is unpriced, a spot balance of an unpriced asset: see <see cref="UnitExposure"/>); not in <see cref="Greeks"/>.
    /// </summary>
    public double UnpricedUnits { get; init; }

    /// <summary>
    /// Why <see cref="Units"/> leaves something out (an unpriced position whose delta needs a price, e.g. an option), or
    /// null when it is the whole net delta.
    /// </summary>
    public string? UnitsPartial { get; init; }

    /// <summary>How part of <see cref="Units"/> was worked out when not plainly held (an unpriced option's delta at the flagged price), or null.</summary>
    public string? UnitsNote { get; init; }

    /// <summary>
    /// Why the dollar gamma, vega and theta of this underlying leave something out (an unpriced position whose Greeks are
    /// not identically zero: an option, a Uniswap range), or null when whole.
    /// </summary>
    public string? GreeksPartial { get; init; }

    /// <summary>Net delta in units of the underlying: the priced positions' Δ plus <see cref="UnpricedUnits"/>.</summary>
    public double Units => Greeks.Delta + UnpricedUnits;

    /// <summary>Δ·S in USD over <see cref="Units"/>, or null without a price.</summary>
    public double? UsdDelta => PriceUsd is { } p ? Units * p : null;

    /// <summary>Γ·S²·1%: change of the USD delta for a 1% rise, or null without a price.</summary>
    public double? DollarGammaPerPercent => PriceUsd is { } p ? Greeks.DollarGammaPerPercent(p) : null;

    /// <summary>True when the quote carries an issue (stale, pinned at a bound).</summary>
    public bool IsFlagged => Quote?.Issue is not null;
}

/// <summary>A priced position with its valuation.</summary>
/// <param name="Position">The position.</param>
/// <param name="Valuation">What the model said.</param>
public sealed record PositionRisk(Position Position, Valuation Valuation);

/// <summary>A position that could not be priced, and why. Shown to the user; never dropped.</summary>
/// <param name="PortfolioId">Portfolio holding it.</param>
/// <param name="Position">The position.</param>
/// <param name="Reason">Why not (missing price, missing volatility, invalid terms…).</param>
public sealed record UnpricedPosition(string PortfolioId, Position Position, string Reason);

/// <summary>A liquidation price attached to the position it belongs to.</summary>
/// <param name="PortfolioId">Portfolio.</param>
/// <param name="PositionId">Position (lending account, perp, cross account).</param>
/// <param name="Liquidation">The price and direction.</param>
public sealed record PositionLiquidation(string PortfolioId, string PositionId, LiquidationPrice Liquidation);

/// <summary>Age and state of one oracle quote used.</summary>
/// <param name="Underlying">Asset.</param>
/// <param name="UpdatedAt">Oracle update time.</param>
/// <param name="AgeSeconds">Valuation time minus update time, seconds.</param>
/// <param name="Issue">The quote's issue (stale, pinned), or null.</param>
public sealed record OracleStamp(string Underlying, DateTimeOffset UpdatedAt, double AgeSeconds, string? Issue);

/// <summary>Where the numbers come from: the block and time valued, the oracles used, and every warning.</summary>
/// <param name="ValuationTime">Instant valued (the latest, for a workspace).</param>
/// <param name="FirstBlock">Block of the reads (the oldest, for a workspace), when known.</param>
/// <param name="LastBlock">Newest block among the portfolios (equal to <paramref name="FirstBlock"/> for one portfolio).</param>
/// <param name="Oracles">Quotes of every underlying the positions touch, with their age and issue.</param>
/// <param name="Flags">Warnings carried from valuations and quotes (flagged prices, expired options).</param>
public sealed record Provenance(DateTimeOffset ValuationTime, long? FirstBlock, long? LastBlock, IReadOnlyList<OracleStamp> Oracles, IReadOnlyList<string> Flags)
{
    /// <summary>True when any quote has an issue or any valuation raised a flag.</summary>
    public bool IsFlagged => Flags.Count > 0 || Oracles.Any(o => o.Issue is not null);
}

/// <summary>Risk of one portfolio at one market snapshot.</summary>
/// <param name="PortfolioId">Portfolio.</param>
/// <param name="ValueUsd">Σ value of the priced positions, USD.</param>
/// <param name="Underlyings">Net sensitivities per underlying, largest |USD delta| first, unpriced underlyings last.</param>
/// <param name="Positions">Priced positions, in portfolio order.</param>
/// <param name="Unpriced">Positions that could not be priced, with the reason.</param>
/// <param name="MinHealthFactor">Lowest health factor among its lending accounts; null when it has none.</param>
/// <param name="Liquidations">Liquidation prices of its lending accounts and perps.</param>
/// <param name="Provenance">Block, time, oracles, flags.</param>
public sealed record PortfolioRisk(
    string PortfolioId, double ValueUsd, IReadOnlyList<UnderlyingRisk> Underlyings, IReadOnlyList<PositionRisk> Positions,
    IReadOnlyList<UnpricedPosition> Unpriced, double? MinHealthFactor, IReadOnlyList<PositionLiquidation> Liquidations, Provenance Provenance)
{
    /// <summary>What each total leaves out for want of a price (see <see cref="PartialTotals"/>); whole by default.</summary>
    public PartialTotals Partial { get; init; } = PartialTotals.None;
}

/// <summary>Risk of several portfolios together, netted per underlying.</summary>
/// <param name="ValueUsd">Σ portfolio values, USD.</param>
/// <param name="Underlyings">Net sensitivities per underlying across portfolios.</param>
/// <param name="Portfolios">Each portfolio's own risk.</param>
/// <param name="Unpriced">Every unpriced position of every portfolio.</param>
/// <param name="MinHealthFactor">Lowest health factor anywhere; null when no lending account.</param>
/// <param name="Provenance">Merged provenance (oldest block first, newest last).</param>
public sealed record WorkspaceRisk(
    double ValueUsd, IReadOnlyList<UnderlyingRisk> Underlyings, IReadOnlyList<PortfolioRisk> Portfolios,
    IReadOnlyList<UnpricedPosition> Unpriced, double? MinHealthFactor, Provenance Provenance);
