namespace ExposureWeb.Engine.Snapshots;

/// <summary>
/// A portfolio's exposure computed from one block: every on-chain figure in it was read pinned to
/// <see cref="BlockNumber"/>, priced with the oracle answers of that block. This is the message the hub publishes.
/// </summary>
/// <param name="PortfolioId">Portfolio this belongs to.</param>
/// <param name="ChainName">Chain profile name.</param>
/// <param name="BlockNumber">Block the state was read at.</param>
/// <param name="BlockHash">Hash of that block (a reorg shows as the same number with another hash).</param>
/// <param name="BlockTime">Block timestamp (UTC); options' time to expiry counts from it.</param>
/// <param name="ComputedAt">When the engine finished computing it (UTC, server clock).</param>
/// <param name="Assets">Net exposure per underlying (Greeks summed over positions).</param>
/// <param name="Errors">Reads that failed; the rest of the snapshot is still valid.</param>
public sealed record ExposureSnapshot(
    int PortfolioId,
    string ChainName,
    ulong BlockNumber,
    string BlockHash,
    DateTimeOffset BlockTime,
    DateTimeOffset ComputedAt,
    IReadOnlyList<AssetExposureRow> Assets,
    IReadOnlyList<string> Errors)
{
    /// <summary>Every position, priced or not (unpriced and unreadable ones carry their reason).</summary>
    public IReadOnlyList<PositionRow> Positions { get; init; } = [];

    /// <summary>Health factors and liquidation prices of lending accounts and perps.</summary>
    public IReadOnlyList<LiquidationRow> Liquidations { get; init; } = [];

    /// <summary>
    /// Positions left out of <see cref="Positions"/> because the message carries only the first ones (the hub and the REST
    /// snapshot of a large portfolio; the rest are paged); 0 when it holds every one.
    /// </summary>
    public int PositionsOmitted { get; init; }

    /// <summary>Liquidation rows left out of <see cref="Liquidations"/> (the message keeps the nearest ones); 0 when it holds every one.</summary>
    public int LiquidationsOmitted { get; init; }

    /// <summary>Σ value of the priced positions, USD.</summary>
    public double ValueUsd { get; init; }

    /// <summary>Lowest health factor of the portfolio's lending accounts; null without any.</summary>
    public double? MinHealthFactor { get; init; }

    /// <summary>Which totals leave something out for want of a price, and why; <see cref="SnapshotPartial.None"/> when all are whole.</summary>
    public SnapshotPartial Partial { get; init; } = SnapshotPartial.None;

    /// <summary>
    /// Live governance proposals whose latest impact report finds this portfolio affected (from the last governance scan;
    /// empty when none or before the first scan).
    /// </summary>
    public IReadOnlyList<GovernanceExposure> Governance { get; init; } = [];

    /// <summary>The portfolio's enabled strategies, each with its verdict at this block (breached or not, with the distance).</summary>
    public IReadOnlyList<StrategyStatus> Strategies { get; init; } = [];

    /// <summary>JSON-RPC round trips the read of this block took (provenance of the figures' freshness).</summary>
    public int RoundTrips { get; init; }

    /// <summary>
    /// P&amp;L against the price of each underlying the portfolio is exposed to (USD vs USD per unit), with its liquidation
    /// prices marked; same order as <see cref="Assets"/>. Empty when nothing could be priced.
    /// </summary>
    public IReadOnlyList<PayoffSeries> Payoffs { get; init; } = [];

    /// <summary>Deribit stress grid (price move × volatility move → P&amp;L in USD) and its worst cell; null when nothing could be priced.</summary>
    public StressResult? Stress { get; init; }

    /// <summary>Sum of USD deltas of the priced rows, in USD (<see cref="SnapshotPartial.NetUsdDelta"/> says what it leaves out).</summary>
    public double NetUsdDelta => Assets.Sum(a => a.UsdDelta ?? 0);

    /// <summary>Σ dollar gamma per 1% move over the priced rows, USD.</summary>
    public double NetDollarGamma => Assets.Sum(a => a.DollarGammaPerPercent ?? 0);

    /// <summary>Σ vega per vol point, USD.</summary>
    public double NetVegaPerVolPoint => Assets.Sum(a => a.VegaPerVolPoint);

    /// <summary>Σ theta per day, USD.</summary>
    public double NetThetaPerDay => Assets.Sum(a => a.ThetaPerDay);
}

/// <summary>One underlying's net exposure with provenance.</summary>
/// <param name="Underlying">Unit of netting (WETH and ETH both count as ETH).</param>
/// <param name="Holdings">What contributes, e.g. <c>spot, aave-v3, uniswap-v3</c>.</param>
/// <param name="Quantity">
/// Net delta in units of the underlying: ∂V/∂S over the priced positions plus what the unpriced ones hold (a quantity needs
/// no price; see <see cref="QuantityPartial"/> for what it may still leave out).
/// </param>
/// <param name="PriceUsd">Oracle price, USD per unit; null when unusable or missing.</param>
/// <param name="UsdDelta">Delta × price, USD; null without a usable price.</param>
/// <param name="OracleUpdatedAt">The feed's <c>updatedAt</c> (UTC); null without a feed.</param>
/// <param name="HeartbeatSeconds">The feed's heartbeat; an answer older than it plus the margin is stale.</param>
/// <param name="StaleAfter">When the answer becomes stale (updatedAt + heartbeat + margin), UTC.</param>
/// <param name="PriceIssue">Why the price is not trusted (stale at read time, non-positive, pinned, missing), or null.</param>
public sealed record AssetExposureRow(
    string Underlying,
    string Holdings,
    double Quantity,
    double? PriceUsd,
    double? UsdDelta,
    DateTimeOffset? OracleUpdatedAt,
    int? HeartbeatSeconds,
    DateTimeOffset? StaleAfter,
    string? PriceIssue)
{
    /// <summary>Γ·S²·1%: change of the USD delta for a 1% rise, USD; null without a price.</summary>
    public double? DollarGammaPerPercent { get; init; }

    /// <summary>Why <see cref="AssetExposureRow.Quantity"/> leaves something out (an unpriced option: its delta needs a price); null when whole.</summary>
    public string? QuantityPartial { get; init; }

    /// <summary>How part of <see cref="AssetExposureRow.Quantity"/> was worked out when not plainly held (an unpriced option's delta at the flagged price), or null.</summary>
    public string? QuantityNote { get; init; }

    /// <summary>Why the dollar gamma, vega and theta leave something out (an unpriced option or Uniswap range); null when whole.</summary>
    public string? GreeksPartial { get; init; }

    /// <summary>USD change for a one-point (0.01) rise in volatility.</summary>
    public double VegaPerVolPoint { get; init; }

    /// <summary>USD change per calendar day with everything else fixed.</summary>
    public double ThetaPerDay { get; init; }

    /// <summary>True when the price has an issue or has aged past its heartbeat by <paramref name="now"/>.</summary>
    public bool IsStale(DateTimeOffset now) => PriceIssue is not null || StaleAfter is null || now > StaleAfter;
}

/// <summary>One position with its own Greeks (USD conventions) and where it came from.</summary>
/// <param name="Id">Stable id within the portfolio, e.g. <c>aave-v3:local:0x7099…</c>.</param>
/// <param name="Protocol">spot, aave-v3, uniswap-v3, gmx-v2, opyn-gamma, manual.</param>
/// <param name="Owner">Address holding it (checksummed), or <c>manual</c>.</param>
/// <param name="Description">What it is, in words.</param>
/// <param name="Underlyings">What it nets into, e.g. <c>ETH/USDC</c>.</param>
/// <param name="Status">Null when priced and read cleanly; otherwise why it is unpriced, unreadable or suspect.</param>
public sealed record PositionRow(string Id, string Protocol, string Owner, string Description, string Underlyings, string? Status)
{
    /// <summary>Value, USD (debt negative); null when unpriced.</summary>
    public double? ValueUsd { get; init; }

    /// <summary>Σ over its underlyings of delta × price, USD.</summary>
    public double? UsdDelta { get; init; }

    /// <summary>Σ dollar gamma per 1% move, USD.</summary>
    public double? DollarGammaPerPercent { get; init; }

    /// <summary>USD per vol point.</summary>
    public double? VegaPerVolPoint { get; init; }

    /// <summary>USD per day.</summary>
    public double? ThetaPerDay { get; init; }

    /// <summary>
    /// An isolated-margin perp's margin ratio: (margin + unrealised P&amp;L) ÷ (|size| × mark), a fraction (0.05 = 5%); null for
    /// anything else or when unpriced. Liquidation comes when it falls to the maintenance margin rate.
    /// </summary>
    public double? MarginRatio { get; init; }

    /// <summary>
    /// What an isolated-margin perp must keep: maintenance margin ÷ notional (the venue's rate, GMX's MIN_COLLATERAL_FACTOR);
    /// liquidatable when <see cref="MarginRatio"/> falls below it. Null for anything else.
    /// </summary>
    public double? MaintenanceMarginRatio { get; init; }

    /// <summary>Model and inputs that priced it, e.g. <c>Black-Scholes, vol 65% (configured)</c>.</summary>
    public string? Model { get; init; }

    /// <summary>Markers such as in-range, expired, frozen-reserve:LINK.</summary>
    public IReadOnlyList<string> Markers { get; init; } = [];

    /// <summary>
    /// What the position holds, asset by asset, in token units: an Aave account's supplied and borrowed amounts
    /// (interest included), a Uniswap position's principal and its uncollected fees apart, a spot balance.
    /// </summary>
    public IReadOnlyList<PositionAmount> Amounts { get; init; } = [];
}

/// <summary>One asset amount of a position, in token units (not USD).</summary>
/// <param name="Kind">
/// <see cref="PositionAmount.Supplied"/>, <see cref="PositionAmount.Borrowed"/>, <see cref="PositionAmount.Principal"/>,
/// <see cref="PositionAmount.Fees"/> or <see cref="PositionAmount.Held"/>.
/// </param>
/// <param name="Symbol">Token or unit the quantity is in (WETH, USDC …).</param>
/// <param name="Quantity">Token units, positive (a debt is "borrowed", not negative).</param>
public sealed record PositionAmount(string Kind, string Symbol, double Quantity)
{
    public const string Supplied = "supplied", Borrowed = "borrowed", Principal = "principal", Fees = "fees", Held = "held";
}

/// <summary>A liquidation price of a lending account or perp.</summary>
/// <param name="PositionId">The position it belongs to.</param>
/// <param name="Underlying">The asset whose price triggers it.</param>
/// <param name="PriceUsd">The trigger price, USD per unit; null when no price liquidates it.</param>
/// <param name="CurrentPriceUsd">The price now, USD.</param>
/// <param name="Direction">"falls to" or "rises to".</param>
/// <param name="HealthFactor">The account's health factor now (lending), or null.</param>
public sealed record LiquidationRow(string PositionId, string Underlying, double? PriceUsd, double? CurrentPriceUsd, string Direction, double? HealthFactor)
{
    /// <summary>Distance from the current price to the trigger, as a fraction of the current price (0.25 = 25% away).</summary>
    public double? Distance => PriceUsd is { } l && CurrentPriceUsd is { } p && p > 0 ? Math.Abs(p - l) / p : null;
}

/// <summary>A pending governance change that affects the portfolio, as its latest impact report says.</summary>
/// <param name="ProposalId">The Governor's proposal id (decimal).</param>
/// <param name="Title">The proposal's first line.</param>
/// <param name="State">Pending, Active, Succeeded or Queued.</param>
/// <param name="Eta">When it may execute (UTC), or its estimate; null when unknown.</param>
/// <param name="HealthAfter">The portfolio's lowest health factor after it, simulated; null without a lending account.</param>
/// <param name="ReportId">The report.</param>
public sealed record GovernanceExposure(string ProposalId, string Title, string State, DateTimeOffset? Eta, double? HealthAfter, int ReportId);

/// <summary>A saved strategy's verdict at the snapshot's block.</summary>
/// <param name="StrategyId">The strategy.</param>
/// <param name="Name">Its name.</param>
/// <param name="Kind">DeltaBand, HealthFactorFloor …</param>
/// <param name="Version">The strategy's version the verdict is of.</param>
/// <param name="Breached">True when outside its limit.</param>
/// <param name="Value">The figure checked, in <paramref name="Unit"/>; null when not evaluated.</param>
/// <param name="Distance">Room to the nearest limit (within), or how far beyond it (breached), in <paramref name="Unit"/>.</param>
/// <param name="Unit">ETH, USD, HF …</param>
/// <param name="Text">The verdict in words.</param>
public sealed record StrategyStatus(int StrategyId, string Name, string Kind, int Version, bool Breached, double? Value, double? Distance, string Unit, string Text);
