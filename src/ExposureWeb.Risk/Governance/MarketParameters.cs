using System.Numerics;

namespace ExposureWeb.Risk.Governance;

/// <summary>
/// A lending market's risk parameters as read at one block: every reserve, every eMode category and the oracle —
/// what a governance scan snapshots and diffs (the before/after sections of a config-diff report).
/// </summary>
/// <param name="Chain">The chain profile's name.</param>
/// <param name="Protocol">The protocol (<c>aave-v3</c>).</param>
/// <param name="Market">The market's main contract (the Aave pool), checksummed.</param>
/// <param name="BlockNumber">Every value was read pinned to this block.</param>
/// <param name="BlockTime">That block's timestamp (UTC).</param>
/// <param name="Oracle">The market's price oracle (AaveOracle), checksummed; null when it could not be read.</param>
/// <param name="BaseCurrencyUnit">The oracle's BASE_CURRENCY_UNIT (1e8 on USD markets); null when unknown.</param>
/// <param name="Reserves">Every listed reserve, in the pool's order.</param>
/// <param name="EModeCategories">The eMode categories referenced by a reserve (id ≠ 0), by id.</param>
/// <param name="Perps">The chain's GMX v2 margin parameters, read in the same block, when the profile configures GMX; null otherwise.</param>
public sealed record MarketParameters(
    string Chain,
    string Protocol,
    string Market,
    ulong BlockNumber,
    DateTimeOffset BlockTime,
    string? Oracle,
    BigInteger? BaseCurrencyUnit,
    IReadOnlyList<ReserveParameters> Reserves,
    IReadOnlyList<EModeCategoryParameters> EModeCategories,
    PerpMarginParameters? Perps = null);

/// <summary>One reserve's risk parameters (Aave v3 units: basis points, whole tokens for caps, rays for rates).</summary>
/// <param name="Asset">The underlying token, checksummed.</param>
/// <param name="Symbol">The chain profile's symbol for it, or null when the profile does not list it.</param>
/// <param name="Ltv">Loan to value, basis points.</param>
/// <param name="LiquidationThreshold">Basis points.</param>
/// <param name="LiquidationBonus">Basis points including the 100% (10500 = 5% bonus).</param>
/// <param name="Decimals">Token decimals.</param>
/// <param name="Active">Reserve active flag.</param>
/// <param name="Frozen">No new supply or borrow.</param>
/// <param name="Paused">Nothing moves, not even liquidations.</param>
/// <param name="BorrowingEnabled">Variable borrowing allowed.</param>
/// <param name="ReserveFactor">Basis points of interest to the treasury.</param>
/// <param name="SupplyCap">Whole tokens; 0 = none.</param>
/// <param name="BorrowCap">Whole tokens; 0 = none.</param>
/// <param name="DebtCeiling">Isolation-mode debt ceiling, USD with 2 decimals (Aave's unit); 0 = not isolated.</param>
/// <param name="LiquidationProtocolFee">Basis points of the bonus to the treasury.</param>
/// <param name="EModeCategory">0 = none.</param>
/// <param name="InterestRateStrategy">The rate strategy contract, checksummed.</param>
/// <param name="RateStrategy">Its parameters; null when they could not be read (a strategy with other views).</param>
/// <param name="OracleSource">The oracle's source for the asset (a Chainlink aggregator), checksummed; null when unknown.</param>
/// <param name="OraclePrice">The oracle's price, base currency units; null when it could not be read.</param>
public sealed record ReserveParameters(
    string Asset,
    string? Symbol,
    int Ltv,
    int LiquidationThreshold,
    int LiquidationBonus,
    int Decimals,
    bool Active,
    bool Frozen,
    bool Paused,
    bool BorrowingEnabled,
    int ReserveFactor,
    long SupplyCap,
    long BorrowCap,
    long DebtCeiling,
    int LiquidationProtocolFee,
    int EModeCategory,
    string InterestRateStrategy,
    RateStrategyParameters? RateStrategy,
    string? OracleSource,
    BigInteger? OraclePrice)
{
    /// <summary>The symbol when known, else the address.</summary>
    public string Label => Symbol ?? Asset;
}

/// <summary>Aave's DefaultReserveInterestRateStrategy parameters, rays (1e27 = 100% a year).</summary>
public sealed record RateStrategyParameters(BigInteger OptimalUsageRatio, BigInteger BaseVariableBorrowRate, BigInteger VariableRateSlope1, BigInteger VariableRateSlope2);

/// <summary>An eMode category (Aave v3.0 <c>getEModeCategoryData</c>): thresholds in basis points.</summary>
public sealed record EModeCategoryParameters(int Id, int Ltv, int LiquidationThreshold, int LiquidationBonus, string PriceSource, string Label);

/// <summary>
/// A perp venue's margin parameters (GMX v2's DataStore values): what decides when its positions are liquidated.
/// Values are GMX's raw integers with 30 decimals (10^30 = 100%, or 1 USD), kept exact.
/// </summary>
/// <param name="Protocol">The venue (<c>gmx-v2</c>).</param>
/// <param name="DataStore">The DataStore the values are read from, checksummed (the subject of venue-wide changes).</param>
/// <param name="MinCollateralUsd">Global <c>MIN_COLLATERAL_USD</c>: the least collateral any position keeps, USD × 10^30; null when unread.</param>
/// <param name="Markets">Each listed market, in the Reader's order.</param>
public sealed record PerpMarginParameters(string Protocol, string DataStore, BigInteger? MinCollateralUsd, IReadOnlyList<PerpMarketParameters> Markets);

/// <summary>One perp market's margin parameters.</summary>
/// <param name="Market">The market token, checksummed.</param>
/// <param name="IndexToken">The token whose price the market tracks, checksummed.</param>
/// <param name="IndexUnderlying">Its underlying in the chain profile (WETH → ETH), or null when the profile does not list the token.</param>
/// <param name="MinCollateralFactor"><c>MIN_COLLATERAL_FACTOR</c> for the market: collateral a position must keep as a fraction of its size, × 10^30 (10^28 = 1%); null when unread.</param>
/// <param name="MaxPositionImpactFactorForLiquidations"><c>MAX_POSITION_IMPACT_FACTOR_FOR_LIQUIDATIONS</c>: the largest price impact a liquidation pays, × 10^30; null when unread.</param>
public sealed record PerpMarketParameters(string Market, string IndexToken, string? IndexUnderlying, BigInteger? MinCollateralFactor, BigInteger? MaxPositionImpactFactorForLiquidations)
{
    /// <summary>How GMX names it: <c>ETH/USD</c> (index underlying over USD), else the market address.</summary>
    public string Label => IndexUnderlying is { } underlying ? $"{underlying}/USD" : Market;
}
