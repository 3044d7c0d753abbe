namespace ExposureWeb.Engine.Stress;

/// <summary>
/// A finished run as stored in <c>StressRun.ResultJson</c>: the book it stressed (block, base value, positions, what was
/// left out) and the kind's figures. P&amp;L and values in USD.
/// </summary>
public sealed record StressRunResult
{
    public required string Kind { get; init; }
    public long BlockNumber { get; init; }
    public DateTimeOffset BlockTime { get; init; }
    public double BaseValueUsd { get; init; }
    public int Positions { get; init; }

    /// <summary>Positions left out (unpriced at the block) with the reason.</summary>
    public IReadOnlyList<string> Excluded { get; init; } = [];

    /// <summary>How the figures were obtained, in words (volatility sources, correlation source, repairs).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public IReadOnlyList<StressGridCell>? Grid { get; init; }
    public IReadOnlyList<StressScenarioOutcome>? Scenarios { get; init; }
    public StressMonteCarlo? MonteCarlo { get; init; }
    public StressCorrelation? Correlation { get; init; }
    public StressCascade? Cascade { get; init; }

    /// <summary>The worst P&amp;L of the run, USD (grid and scenarios: the worst cell; Monte Carlo: −VaR; cascade: the worst round).</summary>
    public double WorstPnlUsd { get; init; }
}

/// <summary>One cell of the Deribit grid.</summary>
public sealed record StressGridCell(double PriceMove, double VolMove, bool Extended, double ValueUsd, double PnlUsd, double? MinHealthFactor, IReadOnlyList<string> Liquidated);

/// <summary>One historical or correlated scenario.</summary>
public sealed record StressScenarioOutcome(
    string Name, string? Description, double ValueUsd, double PnlUsd, double? MinHealthFactor, IReadOnlyList<string> Liquidated, IReadOnlyDictionary<string, double> Moves);

/// <summary>Monte Carlo VaR and expected shortfall (losses positive, USD) with their Monte Carlo standard errors.</summary>
public sealed record StressMonteCarlo(
    int Paths, double Confidence, double HorizonDays, ulong Seed,
    double VarUsd, double VarStandardErrorUsd, double ExpectedShortfallUsd, double ExpectedShortfallStandardErrorUsd,
    double MeanPnlUsd, double PnlStandardDeviationUsd, int PathsWithLiquidation, double LiquidationProbability,
    IReadOnlyList<StressHistogramBin> Histogram, IReadOnlyList<string> SimulatedUnderlyings, IReadOnlyList<double> Volatilities);

/// <summary>A bin of the P&amp;L histogram, USD.</summary>
public sealed record StressHistogramBin(double LowerUsd, double UpperUsd, int Count);

/// <summary>The correlation a run used: "configured" or "estimated", with where it came from.</summary>
public sealed record StressCorrelation(string Source, string Detail, IReadOnlyList<string> Underlyings, IReadOnlyList<IReadOnlyList<double>> Matrix);

/// <summary>A liquidation cascade: what was shocked, the pool sold into, how the walk ended and its path.</summary>
/// <param name="Driver">The underlying shocked and sold.</param>
/// <param name="DriverMove">The shock, relative.</param>
/// <param name="BasePriceUsd">The driver's oracle price before the shock.</param>
/// <param name="Pool">The pool's address.</param>
/// <param name="PoolLabel">E.g. "WETH/USDC 0.05%".</param>
/// <param name="Stop">"Converged" or "CapReached".</param>
/// <param name="MaxRounds">The cap.</param>
/// <param name="ExtraSoldPerRound">Other borrowers' collateral sold per round with liquidations, driver tokens.</param>
/// <param name="LeftReadRange">The pool's price went past the ticks read.</param>
/// <param name="UnsoldDriver">Driver tokens the pool could not take.</param>
/// <param name="ShortfallUsd">Debt left above all collateral of accounts with nothing left to seize, USD.</param>
/// <param name="Path">Round 0 (the shock) and every round after it.</param>
public sealed record StressCascade(
    string Driver, double DriverMove, double BasePriceUsd, string Pool, string PoolLabel, string Stop, int MaxRounds, double ExtraSoldPerRound,
    bool LeftReadRange, double UnsoldDriver, double ShortfallUsd, IReadOnlyList<StressCascadeRound> Path);

/// <summary>One round of a cascade (see Risk's CascadeRound), with its P&amp;L against the value before the shock, USD.</summary>
public sealed record StressCascadeRound(
    int Round, double PriceUsd, double PoolPrice, double SoldDriver, double ExtraSoldDriver, double SeizedDriver, double SeizedUsd, double DebtRepaidUsd,
    IReadOnlyList<string> Liquidated, double? MinHealthFactor, double ValueUsd, double PnlUsd);
