namespace ExposureWeb.Risk.Governance;

/// <summary>
/// One parameter of a market that differs (a detected change) or would differ (a proposal's call, a what-if), with its
/// value before and after in the parameter's own unit, as text (exact integers, addresses, booleans).
/// </summary>
/// <param name="Scope">What the parameter belongs to: <see cref="ParameterScopes"/>.</param>
/// <param name="Subject">Which one: the reserve's asset address, the eMode category id, the market's address.</param>
/// <param name="SubjectLabel">How people call it (WETH, "ETH correlated"), or null.</param>
/// <param name="Parameter">The parameter's name, from <see cref="ParameterNames"/>.</param>
/// <param name="Before">The value before; null when the subject did not exist (added) or it is not known yet.</param>
/// <param name="After">The value after; null when the subject is removed.</param>
/// <param name="Unit">The values' unit, from <see cref="ParameterUnits"/>.</param>
public sealed record ParameterChange(string Scope, string Subject, string? SubjectLabel, string Parameter, string? Before, string? After, string Unit)
{
    /// <summary>How the change reads, e.g. <c>WETH liquidationThreshold 8300 → 8000 bps</c>.</summary>
    public string Describe() => $"{SubjectLabel ?? Subject} {Parameter} {Before ?? "∅"} → {After ?? "∅"} {Unit}".TrimEnd();
}

/// <summary>Values of <see cref="ParameterChange.Scope"/>.</summary>
public static class ParameterScopes
{
    /// <summary>A reserve of the market (subject: the asset address).</summary>
    public const string Reserve = "reserve";
    /// <summary>An eMode category (subject: its id).</summary>
    public const string EMode = "emode";
    /// <summary>The price oracle (subject: the asset whose source or price it is).</summary>
    public const string Oracle = "oracle";
    /// <summary>The market as a whole (subject: the pool address).</summary>
    public const string Market = "market";
    /// <summary>A perp market (GMX v2; subject: the market token address).</summary>
    public const string PerpMarket = "perp-market";
    /// <summary>A perp venue's global settings (GMX v2; subject: the DataStore address).</summary>
    public const string PerpVenue = "perp-venue";
}

/// <summary>Values of <see cref="ParameterChange.Unit"/>.</summary>
public static class ParameterUnits
{
    /// <summary>Basis points (10 000 = 100%).</summary>
    public const string BasisPoints = "bps";
    /// <summary>Whole tokens of the reserve.</summary>
    public const string Tokens = "tokens";
    /// <summary>true / false.</summary>
    public const string Flag = "bool";
    /// <summary>A checksummed address.</summary>
    public const string Address = "address";
    /// <summary>Ray (1e27 = 100% a year).</summary>
    public const string Ray = "ray";
    /// <summary>A plain number (ids, decimals).</summary>
    public const string Count = "";
    /// <summary>USD with two decimals (Aave's debt ceiling unit).</summary>
    public const string Usd2 = "USD (2 decimals)";
    /// <summary>GMX's factor with 30 decimals: 1e30 = 100%, so 1e28 = 1% (the raw integer, kept exact).</summary>
    public const string Factor30 = "fraction × 1e30 (1e28 = 1%)";
    /// <summary>GMX's USD with 30 decimals (1e30 = 1 USD).</summary>
    public const string Usd30 = "USD × 1e30";
    /// <summary>The oracle's base currency units (USD × 1e8 on USD markets).</summary>
    public const string BaseCurrency = "base currency units";
}

/// <summary>Values of <see cref="ParameterChange.Parameter"/> (the names of Aave's own getters and setters).</summary>
public static class ParameterNames
{
    /// <summary><c>listed</c>.</summary>
    public const string Listed = "listed";
    /// <summary><c>ltv</c>.</summary>
    public const string Ltv = "ltv";
    /// <summary><c>liquidationThreshold</c>.</summary>
    public const string LiquidationThreshold = "liquidationThreshold";
    /// <summary><c>liquidationBonus</c>.</summary>
    public const string LiquidationBonus = "liquidationBonus";
    /// <summary><c>decimals</c>.</summary>
    public const string Decimals = "decimals";
    /// <summary><c>active</c>.</summary>
    public const string Active = "active";
    /// <summary><c>frozen</c>.</summary>
    public const string Frozen = "frozen";
    /// <summary><c>paused</c>.</summary>
    public const string Paused = "paused";
    /// <summary><c>borrowingEnabled</c>.</summary>
    public const string BorrowingEnabled = "borrowingEnabled";
    /// <summary><c>reserveFactor</c>.</summary>
    public const string ReserveFactor = "reserveFactor";
    /// <summary><c>supplyCap</c>.</summary>
    public const string SupplyCap = "supplyCap";
    /// <summary><c>borrowCap</c>.</summary>
    public const string BorrowCap = "borrowCap";
    /// <summary><c>debtCeiling</c>.</summary>
    public const string DebtCeiling = "debtCeiling";
    /// <summary><c>liquidationProtocolFee</c>.</summary>
    public const string LiquidationProtocolFee = "liquidationProtocolFee";
    /// <summary><c>eModeCategory</c>.</summary>
    public const string EModeCategory = "eModeCategory";
    /// <summary><c>interestRateStrategy</c>.</summary>
    public const string InterestRateStrategy = "interestRateStrategy";
    /// <summary><c>optimalUsageRatio</c>.</summary>
    public const string OptimalUsageRatio = "optimalUsageRatio";
    /// <summary><c>baseVariableBorrowRate</c>.</summary>
    public const string BaseVariableBorrowRate = "baseVariableBorrowRate";
    /// <summary><c>variableRateSlope1</c>.</summary>
    public const string VariableRateSlope1 = "variableRateSlope1";
    /// <summary><c>variableRateSlope2</c>.</summary>
    public const string VariableRateSlope2 = "variableRateSlope2";
    /// <summary><c>oracleSource</c>.</summary>
    public const string OracleSource = "oracleSource";
    /// <summary><c>oraclePrice</c>.</summary>
    public const string OraclePrice = "oraclePrice";
    /// <summary><c>baseCurrencyUnit</c> (the oracle's BASE_CURRENCY_UNIT).</summary>
    public const string BaseCurrencyUnit = "baseCurrencyUnit";
    /// <summary><c>priceOracle</c>.</summary>
    public const string PriceOracle = "priceOracle";
    /// <summary><c>label</c>.</summary>
    public const string Label = "label";
    /// <summary><c>minCollateralFactor</c> (GMX's MIN_COLLATERAL_FACTOR of a market).</summary>
    public const string MinCollateralFactor = "minCollateralFactor";
    /// <summary><c>maxPositionImpactFactorForLiquidations</c> (GMX's MAX_POSITION_IMPACT_FACTOR_FOR_LIQUIDATIONS of a market).</summary>
    public const string MaxPositionImpactFactorForLiquidations = "maxPositionImpactFactorForLiquidations";
    /// <summary><c>minCollateralUsd</c> (GMX's global MIN_COLLATERAL_USD).</summary>
    public const string MinCollateralUsd = "minCollateralUsd";
    /// <summary><c>priceSource</c>.</summary>
    public const string PriceSource = "priceSource";
}
