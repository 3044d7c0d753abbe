namespace ExposureWeb.Risk.Instruments;

/// <summary>An amount supplied to a lending market (an Aave aToken balance).</summary>
/// <param name="Underlying">Unit of netting, e.g. <c>ETH</c> for WETH.</param>
/// <param name="Symbol">Reserve supplied, e.g. <c>WETH</c>.</param>
/// <param name="Quantity">Amount in whole tokens, interest accrued (aToken balance ÷ 10^decimals); ≥ 0.</param>
/// <param name="LiquidationThreshold">Fraction of the value that counts toward the health factor (Aave bps ÷ 10,000; the eMode category's when in eMode).</param>
/// <param name="UsedAsCollateral">False when the user disabled it as collateral: it then earns but does not back debt.</param>
/// <param name="LiquidationBonus">Bonus a liquidator receives on seized collateral as a fraction (Aave 10500 → 0.05).</param>
public sealed record LendingSupply(
    string Underlying, string Symbol, double Quantity, double LiquidationThreshold, bool UsedAsCollateral = true, double LiquidationBonus = 0.05);

/// <summary>An amount borrowed from a lending market (an Aave variable-debt token balance).</summary>
/// <param name="Underlying">Unit of netting.</param>
/// <param name="Symbol">Reserve borrowed, e.g. <c>USDC</c>.</param>
/// <param name="Quantity">Debt in whole tokens, interest accrued; ≥ 0 (the sign of the exposure is applied by the model).</param>
public sealed record LendingDebt(string Underlying, string Symbol, double Quantity);

/// <summary>
/// A borrower's account on one lending market: its supplies and debts share one health factor, so they are one
/// instrument (each line still shows its own delta).
/// </summary>
/// <param name="Market">Market name, e.g. <c>Aave v3 Ethereum</c>.</param>
/// <param name="Supplies">Collateral and other supplied reserves.</param>
/// <param name="Debts">Borrowed reserves.</param>
public sealed record LendingAccount(string Market, IReadOnlyList<LendingSupply> Supplies, IReadOnlyList<LendingDebt> Debts) : IInstrument
{
    /// <inheritdoc />
    public string Describe() => $"{Market}: {Supplies.Count} supplied, {Debts.Count} borrowed";
}
