using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Risk.Governance;

namespace ExposureWeb.Engine.Governance;

/// <summary>
/// What a governance change does to every portfolio of a chain, by simulation on a fork pinned to one block, with the
/// formula-based estimate beside it. One report per run: a proposal is re-run at each step of its life.
/// </summary>
/// <param name="ChainName">The chain profile.</param>
/// <param name="Kind"><see cref="ImpactReportKinds"/>.</param>
/// <param name="Title">What is simulated, in words (the proposal's description's first line, or the what-if).</param>
/// <param name="ProposalId">The Governor's proposal id (decimal), or null for a what-if.</param>
/// <param name="ProposalState">The proposal's state when the report ran (Pending, Active, Queued …), or null.</param>
/// <param name="Eta">When a queued proposal may execute (UTC); for an earlier state, the estimate (vote end + timelock delay); null for a what-if.</param>
/// <param name="EtaIsEstimate">True when <paramref name="Eta"/> is an estimate (the proposal is not queued yet).</param>
/// <param name="CalldataHash">keccak256 over the calls (targets, values, calldatas) the report executed: the report is pinned to it.</param>
/// <param name="ForkBlock">The chain's block the fork started from.</param>
/// <param name="ForkBlockHash">Its hash.</param>
/// <param name="ForkBlockTime">Its timestamp (UTC).</param>
/// <param name="ExecutedAt">The simulated execution time (UTC): the ETA, or the next second after the block when that is past.</param>
/// <param name="Calls">The calls, decoded (unrecognised ones listed with their raw data).</param>
/// <param name="Changes">The parameter changes they make, with the values before.</param>
/// <param name="Revert">Why the calls revert on the fork (then nothing changes and the "after" is empty), or null.</param>
/// <param name="FormulaCovers">True when every change is one the formula models (collateral parameters), so formula and simulation must agree.</param>
/// <param name="Portfolios">Every portfolio of the chain, affected first.</param>
/// <param name="CreatedAt">When the report was computed (UTC).</param>
public sealed record ImpactReport(
    string ChainName,
    string Kind,
    string Title,
    string? ProposalId,
    string? ProposalState,
    DateTimeOffset? Eta,
    bool EtaIsEstimate,
    string CalldataHash,
    ulong ForkBlock,
    string ForkBlockHash,
    DateTimeOffset ForkBlockTime,
    DateTimeOffset ExecutedAt,
    IReadOnlyList<ReportCall> Calls,
    IReadOnlyList<ParameterChange> Changes,
    string? Revert,
    bool FormulaCovers,
    IReadOnlyList<PortfolioImpact> Portfolios,
    DateTimeOffset CreatedAt)
{
    /// <summary>Time left before execution at <paramref name="now"/>; null without an ETA, zero once it has passed.</summary>
    public TimeSpan? TimeLeft(DateTimeOffset now) => Eta is { } eta ? (eta > now ? eta - now : TimeSpan.Zero) : null;
}

/// <summary>Values of <see cref="ImpactReport.Kind"/>.</summary>
public static class ImpactReportKinds
{
    /// <summary>A Governor proposal, pending, active, queued or executed.</summary>
    public const string Proposal = "proposal";

    /// <summary>A hypothetical change a user typed.</summary>
    public const string WhatIf = "what-if";
}

/// <summary>One call of the change, decoded.</summary>
/// <param name="Index">Its position.</param>
/// <param name="Target">The contract called.</param>
/// <param name="TargetName">What it is (Aave PoolConfigurator, AaveOracle), or null when unknown.</param>
/// <param name="Value">Wei sent, decimal.</param>
/// <param name="Selector">The 4-byte selector (0x…), or "none" for calldata shorter than 4 bytes.</param>
/// <param name="Signature">The function's signature when recognised.</param>
/// <param name="Arguments">Decoded arguments (name = value), empty when unrecognised.</param>
/// <param name="Unrecognised">Why it is not recognised, or null.</param>
/// <param name="RawData">The calldata, 0x hex.</param>
public sealed record ReportCall(int Index, string Target, string? TargetName, string Value, string Selector, string? Signature,
    IReadOnlyList<string> Arguments, string? Unrecognised, string RawData);

/// <summary>One portfolio before and after.</summary>
/// <param name="PortfolioId">The portfolio.</param>
/// <param name="PortfolioName">Its name.</param>
/// <param name="Affected">True when any figure of it moves (health factor, liquidation price, borrowing power, Greeks, margin).</param>
/// <param name="HealthBefore">Lowest health factor of its lending accounts before (the protocol's own), or null without any.</param>
/// <param name="HealthAfter">The same after.</param>
/// <param name="HealthFormula">The formula-based estimate of <paramref name="HealthAfter"/> (lowest over accounts the formula covers), or null.</param>
/// <param name="NewlyLiquidatable">Positions liquidatable after but not before (health factor below 1).</param>
/// <param name="BorrowingPowerBeforeUsd">Σ what its Aave accounts may still borrow before, USD.</param>
/// <param name="BorrowingPowerAfterUsd">The same after.</param>
/// <param name="ValueBeforeUsd">Portfolio value before, USD.</param>
/// <param name="ValueAfterUsd">After, USD.</param>
/// <param name="GreeksBefore">Net Greeks before.</param>
/// <param name="GreeksAfter">Net Greeks after (null when the calls revert).</param>
/// <param name="WorstStressBefore">The stress grid's worst cell before.</param>
/// <param name="WorstStressAfter">After.</param>
/// <param name="Accounts">Each lending account, simulated and by formula.</param>
/// <param name="Liquidations">Liquidation prices before and after, per position and underlying.</param>
/// <param name="Margins">Perp margin ratios before and after.</param>
/// <param name="Payoffs">The payoff curves before (with the liquidation marks after on them, for the chart).</param>
/// <param name="Errors">What could not be read or valued on the fork.</param>
public sealed record PortfolioImpact(
    int PortfolioId,
    string PortfolioName,
    bool Affected,
    double? HealthBefore,
    double? HealthAfter,
    double? HealthFormula,
    IReadOnlyList<string> NewlyLiquidatable,
    double? BorrowingPowerBeforeUsd,
    double? BorrowingPowerAfterUsd,
    double? ValueBeforeUsd,
    double? ValueAfterUsd,
    NetGreeks? GreeksBefore,
    NetGreeks? GreeksAfter,
    StressCell? WorstStressBefore,
    StressCell? WorstStressAfter,
    IReadOnlyList<AccountImpact> Accounts,
    IReadOnlyList<LiquidationShift> Liquidations,
    IReadOnlyList<MarginShift> Margins,
    IReadOnlyList<PayoffShift> Payoffs,
    IReadOnlyList<string> Errors);

/// <summary>Net Greeks of a portfolio in USD conventions.</summary>
/// <param name="UsdDelta">Σ delta × price: the USD exposure.</param>
/// <param name="DollarGammaPerPercent">USD change of the USD delta per 1% rise.</param>
/// <param name="VegaPerVolPoint">USD per volatility point.</param>
/// <param name="ThetaPerDay">USD per day.</param>
public sealed record NetGreeks(double UsdDelta, double DollarGammaPerPercent, double VegaPerVolPoint, double ThetaPerDay)
{
    /// <summary>The snapshot's net figures.</summary>
    public static NetGreeks Of(ExposureSnapshot s) => new(s.NetUsdDelta, s.NetDollarGamma, s.NetVegaPerVolPoint, s.NetThetaPerDay);
}

/// <summary>A lending account's health factor and borrowing power before and after, and the formula's estimate.</summary>
/// <param name="PositionId">The account's position id.</param>
/// <param name="HealthBefore">The protocol's health factor before.</param>
/// <param name="HealthAfter">After, simulated.</param>
/// <param name="HealthFormula">The formula's after, or null when the account is outside it (eMode, a missing price).</param>
/// <param name="FormulaRelativeDifference">|formula − simulated| ÷ simulated, or null.</param>
/// <param name="BorrowingPowerBeforeUsd">availableBorrowsBase before, USD.</param>
/// <param name="BorrowingPowerAfterUsd">After, USD.</param>
public sealed record AccountImpact(string PositionId, double? HealthBefore, double? HealthAfter, double? HealthFormula, double? FormulaRelativeDifference,
    double? BorrowingPowerBeforeUsd, double? BorrowingPowerAfterUsd);

/// <summary>A liquidation price before and after (USD per unit of the underlying).</summary>
public sealed record LiquidationShift(string PositionId, string Underlying, double? CurrentPriceUsd, double? PriceBeforeUsd, double? PriceAfterUsd, string Direction);

/// <summary>An isolated perp's margin ratio before and after, and the maintenance ratio it must keep (fractions of notional).</summary>
/// <param name="PositionId">The perp position.</param>
/// <param name="Before">(margin + P&amp;L) ÷ notional before.</param>
/// <param name="After">The same after.</param>
/// <param name="MaintenanceBefore">Maintenance margin ÷ notional before (GMX: the market's MIN_COLLATERAL_FACTOR).</param>
/// <param name="MaintenanceAfter">The same after: a margin-parameter change moves this, and with it the liquidation price.</param>
public sealed record MarginShift(string PositionId, double? Before, double? After, double? MaintenanceBefore = null, double? MaintenanceAfter = null);

/// <summary>A payoff curve before, with the liquidation prices before and after marked on it.</summary>
public sealed record PayoffShift(string Underlying, double PriceUsd, IReadOnlyList<double> PricesUsd, IReadOnlyList<double> PnlUsd,
    IReadOnlyList<PayoffMark> MarksBefore, IReadOnlyList<PayoffMark> MarksAfter);
