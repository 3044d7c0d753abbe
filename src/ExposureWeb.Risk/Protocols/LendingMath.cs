using ExposureWeb.Risk.Instruments;

namespace ExposureWeb.Risk.Protocols;

/// <summary>How the health factor responds to a +1% move of one underlying, all other prices fixed.</summary>
/// <param name="Underlying">The asset moved.</param>
/// <param name="HealthFactorAfter">Health factor with that asset 1% higher.</param>
/// <param name="Change">HealthFactorAfter − current health factor (positive for collateral, negative for debt).</param>
public readonly record struct HealthFactorMove(string Underlying, double HealthFactorAfter, double Change);

/// <summary>Health of a lending account at current prices.</summary>
/// <param name="CollateralUsd">Σ supplied quantity × price over all supplies, USD.</param>
/// <param name="WeightedCollateralUsd">Σ quantity × price × liquidation threshold over supplies enabled as collateral, USD.</param>
/// <param name="DebtUsd">Σ debt × price, USD.</param>
/// <param name="HealthFactor">WeightedCollateralUsd / DebtUsd; +∞ with no debt (Aave reports uint256 max). Liquidatable below 1.</param>
/// <param name="LiquidationPrices">For each asset in the health factor, its price at which HF = 1 with the others fixed.</param>
/// <param name="PerPercentMoves">For each asset in the health factor, the HF after a +1% move of it.</param>
public sealed record LendingHealth(
    double CollateralUsd, double WeightedCollateralUsd, double DebtUsd, double HealthFactor,
    IReadOnlyList<LiquidationPrice> LiquidationPrices, IReadOnlyList<HealthFactorMove> PerPercentMoves)
{
    /// <summary>True when the account can be liquidated now (HF &lt; 1; Aave's HEALTH_FACTOR_LIQUIDATION_THRESHOLD is exactly 1).</summary>
    public bool IsLiquidatable => HealthFactor < LendingMath.LiquidationThreshold;
}

/// <summary>
/// Aave v3 account maths: HF = Σ(collateralᵢ × priceᵢ × LTᵢ) / Σ(debtⱼ × priceⱼ).
/// </summary>
/// <remarks>
/// Moving one asset's price p with the others fixed, the health factor is (a + b·p)/(c + d·p), where b is that
/// asset's collateral quantity × LT and d its debt quantity; HF = 1 at p* = (c − a)/(b − d). That covers several
/// collaterals and debts, including the same asset on both sides. Supplies not enabled as collateral, or with
/// LT = 0, count toward value but not toward the health factor.
/// </remarks>
public static class LendingMath
{
    /// <summary>Health factor below which an account is liquidatable (Aave: 1e18 in WAD = 1.0).</summary>
    public const double LiquidationThreshold = 1.0;

    /// <summary>Health factor from the threshold-weighted collateral and the debt, both USD: +∞ with no debt.</summary>
    public static double HealthFactor(double weightedCollateralUsd, double debtUsd) =>
        debtUsd > 0 ? weightedCollateralUsd / debtUsd : double.PositiveInfinity;

    /// <summary>Single collateral, single debt: the collateral price at which HF = 1, debt / (quantity × LT).</summary>
    /// <param name="debtUsd">Debt value, USD.</param>
    /// <param name="collateralQuantity">Collateral in whole tokens.</param>
    /// <param name="liquidationThreshold">LT as a fraction.</param>
    public static double SimpleLiquidationPrice(double debtUsd, double collateralQuantity, double liquidationThreshold) =>
        debtUsd / (collateralQuantity * liquidationThreshold);

    /// <summary>Health, liquidation prices and per-1% sensitivities of an account.</summary>
    /// <param name="account">The account.</param>
    /// <param name="price">USD price per underlying (every underlying of the account must have one).</param>
    /// <exception cref="ArgumentException">A negative or non-finite quantity or price, or a threshold outside [0, 1].</exception>
    public static LendingHealth Analyze(LendingAccount account, Func<string, double> price)
    {
        ArgumentNullException.ThrowIfNull(account);
        double collateral = 0, weighted = 0, debt = 0;
        // Per underlying in the health factor: b = Σ quantity × LT (collateral), d = Σ debt quantity, p = price.
        // Accounts hold a handful of reserves, so a list searched linearly beats a dictionary.
        var legs = new List<(string Underlying, double B, double D, double P)>(account.Supplies.Count + account.Debts.Count);
        int Find(string underlying)
        {
            for (int i = 0; i < legs.Count; i++)
            {
                if (string.Equals(legs[i].Underlying, underlying, StringComparison.OrdinalIgnoreCase)) return i;
            }
            return -1;
        }
        foreach (var s in account.Supplies)
        {
            RequireNonNegative(s.Quantity, "supply", s.Symbol);
            if (!(s.LiquidationThreshold >= 0 && s.LiquidationThreshold <= 1))
            {
                throw new ArgumentException($"supply {s.Symbol} liquidation threshold must be in [0, 1] (was {s.LiquidationThreshold}).", nameof(account));
            }
            double p = PriceOf(s.Underlying, price);
            collateral += s.Quantity * p;
            if (s.UsedAsCollateral && s.LiquidationThreshold > 0)
            {
                double w = s.Quantity * s.LiquidationThreshold;
                weighted += w * p;
                int i = Find(s.Underlying);
                if (i < 0) legs.Add((s.Underlying, w, 0, p));
                else legs[i] = legs[i] with { B = legs[i].B + w };
            }
        }
        foreach (var d in account.Debts)
        {
            RequireNonNegative(d.Quantity, "debt", d.Symbol);
            double p = PriceOf(d.Underlying, price);
            debt += d.Quantity * p;
            int i = Find(d.Underlying);
            if (i < 0) legs.Add((d.Underlying, 0, d.Quantity, p));
            else legs[i] = legs[i] with { D = legs[i].D + d.Quantity };
        }

        double hf = HealthFactor(weighted, debt);
        var liquidations = new LiquidationPrice[legs.Count];
        var moves = new HealthFactorMove[legs.Count];
        for (int i = 0; i < legs.Count; i++)
        {
            var (underlying, b, dq, p) = legs[i];
            double a = weighted - b * p;  // weighted collateral of the other assets
            double c = debt - dq * p;     // debt in the other assets
            liquidations[i] = debt <= 0
                ? LiquidationPrice.Unreachable(underlying, false, "no debt: the account cannot be liquidated.")
                : LiquidationPrice.FromLinear(underlying, a, b, c, dq, p);
            double up = p * (1 + MarketConventions.OnePercent);
            double after = HealthFactor(a + b * up, c + dq * up);
            moves[i] = new HealthFactorMove(underlying, after, double.IsInfinity(hf) && double.IsInfinity(after) ? 0 : after - hf);
        }
        return new LendingHealth(collateral, weighted, debt, hf, liquidations, moves);
    }

    private static double PriceOf(string underlying, Func<string, double> price)
    {
        double p = price(underlying);
        if (!(p > 0) || double.IsInfinity(p)) throw new ArgumentException($"{underlying} price must be positive and finite (was {p}).", nameof(price));
        return p;
    }

    private static void RequireNonNegative(double value, string side, string symbol)
    {
        // The message is only formatted on failure: this runs for every leg of every account on every block.
        if (!(value >= 0) || double.IsInfinity(value)) throw new ArgumentException($"{side} {symbol} quantity must be non-negative and finite (was {value}).", "account");
    }
}
