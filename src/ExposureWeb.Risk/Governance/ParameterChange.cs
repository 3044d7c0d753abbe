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
    public const string Reserve = "reserve";
    public const string EMode = "emode";
    public const string Oracle = "oracle";
    public const string Market = "market";
}

/// <summary>Values of <see cref="ParameterChange.Unit"/>.</summary>
public static class ParameterUnits
{
    public const string BasisPoints = "bps";
    public const string Tokens = "tokens";
    public const string Flag = "bool";
    public const string Address = "address";
    public const string Ray = "ray";
    public const string Count = "";
    public const string Usd2 = "USD (2 decimals)";
    public const string BaseCurrency = "base currency units";
}

/// <summary>Values of <see cref="ParameterChange.Parameter"/> (the names of Aave's own getters and setters).</summary>
public static class ParameterNames
{
    public const string Listed = "listed";
    public const string Ltv = "ltv";
    public const string LiquidationThreshold = "liquidationThreshold";
    public const string LiquidationBonus = "liquidationBonus";
    public const string Decimals = "decimals";
    public const string Active = "active";
    public const string Frozen = "frozen";
    public const string Paused = "paused";
    public const string BorrowingEnabled = "borrowingEnabled";
    public const string ReserveFactor = "reserveFactor";
    public const string SupplyCap = "supplyCap";
    public const string BorrowCap = "borrowCap";
    public const string DebtCeiling = "debtCeiling";
    public const string LiquidationProtocolFee = "liquidationProtocolFee";
    public const string EModeCategory = "eModeCategory";
    public const string InterestRateStrategy = "interestRateStrategy";
    public const string OptimalUsageRatio = "optimalUsageRatio";
    public const string BaseVariableBorrowRate = "baseVariableBorrowRate";
    public const string VariableRateSlope1 = "variableRateSlope1";
    public const string VariableRateSlope2 = "variableRateSlope2";
    public const string OracleSource = "oracleSource";
    public const string OraclePrice = "oraclePrice";
    public const string PriceOracle = "priceOracle";
    public const string Label = "label";
    public const string PriceSource = "priceSource";
}
