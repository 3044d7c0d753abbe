using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Market;
using ExposureWeb.Risk.Protocols;

namespace ExposureWeb.Risk.Pricing.Models;

/// <summary>
/// Uniswap v3 ranges: token amounts at the pool price (<see cref="UniswapV3Math"/>), valued with both oracle prices.
/// </summary>
/// <remarks>
/// <para>The pool price is the position's <see cref="UniswapV3Position.PoolRawPrice"/> when given, else the oracle ratio
/// P0/P1. A price move of the underlyings moves it by their ratio, P = P_pool·(P0/P0₀)/(P1/P1₀).</para>
/// <para>Deltas are exact: ∂V/∂P0 = a0 + a0′·(P0 − P·P1)·P/P0 and ∂V/∂P1 = a1 − a0′·(P0 − P·P1)·P/P1, which reduce to
/// the amounts when the pool sits at the oracle ratio (the envelope property). Gammas are the own-price second
/// derivatives at the oracle ratio, γ·P/P0 and γ·P²/P1 with γ = −L/(2P^{3/2}) in range (0 outside); the cross term
/// ∂²V/∂P0∂P1 has no place in per-underlying Greeks. Uncollected fees add as spot.</para>
/// </remarks>
public sealed class UniswapV3Model : IPricingModel<UniswapV3Position>
{
    /// <inheritdoc />
    public string Name => "Uniswap v3 range";

    /// <summary>√(human price) at a tick: 1.0001^(tick/2)·10^((d0 − d1)/2).</summary>
    internal static double HumanSqrtPriceAtTick(int tick, int decimals0, int decimals1) =>
        UniswapV3Math.TickToSqrtPrice(tick) * Math.Pow(10, 0.5 * (decimals0 - decimals1));

    /// <summary>Checks the terms of a position; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    internal static void Validate(UniswapV3Position p)
    {
        if (p.TickLower >= p.TickUpper) throw new ArgumentException($"tick range [{p.TickLower}, {p.TickUpper}] is empty.", nameof(p.TickLower));
        if (p.TickLower < UniswapV3Math.MinTick || p.TickUpper > UniswapV3Math.MaxTick) throw new ArgumentException($"ticks must be within [{UniswapV3Math.MinTick}, {UniswapV3Math.MaxTick}].", nameof(p.TickLower));
        if (p.Decimals0 is < 0 or > 77 || p.Decimals1 is < 0 or > 77) throw new ArgumentException("token decimals must be within [0, 77].", nameof(p.Decimals0));
        if (!(p.Liquidity >= 0) || double.IsInfinity(p.Liquidity)) throw new ArgumentException($"liquidity must be non-negative and finite (was {p.Liquidity}).", nameof(p.Liquidity));
        if (p.PoolRawPrice is { } raw && (!(raw > 0) || double.IsInfinity(raw))) throw new ArgumentException($"pool price must be positive and finite (was {raw}).", nameof(p.PoolRawPrice));
        ModelSupport.RequireFinite(p.FeesOwed0, "fees owed 0");
        ModelSupport.RequireFinite(p.FeesOwed1, "fees owed 1");
    }

    /// <inheritdoc />
    public PricingResult Value(UniswapV3Position instrument, MarketSnapshot market)
    {
        Validate(instrument);
        if (!market.TryGetPrice(instrument.Underlying0, out double p0, out string? problem0)) return PricingResult.Unpriced(problem0!);
        if (!market.TryGetPrice(instrument.Underlying1, out double p1, out string? problem1)) return PricingResult.Unpriced(problem1!);

        double price = instrument.PoolRawPrice is { } raw
            ? UniswapV3Math.HumanPrice(raw, instrument.Decimals0, instrument.Decimals1)
            : p0 / p1;
        double liquidity = UniswapV3Math.HumanLiquidity(instrument.Liquidity, instrument.Decimals0, instrument.Decimals1);
        double sa = HumanSqrtPriceAtTick(instrument.TickLower, instrument.Decimals0, instrument.Decimals1);
        double sb = HumanSqrtPriceAtTick(instrument.TickUpper, instrument.Decimals0, instrument.Decimals1);
        double s = Math.Sqrt(price);

        var amounts = UniswapV3Math.Amounts(liquidity, s, sa, sb);
        double gamma = UniswapV3Math.Gamma(liquidity, s, sa, sb); // ∂amount0/∂P against the pool price
        double mismatch = gamma * (p0 - price * p1);                 // zero when the pool sits at the oracle ratio
        double delta0 = amounts.Amount0 + mismatch * price / p0 + instrument.FeesOwed0;
        double delta1 = amounts.Amount1 - mismatch * price / p1 + instrument.FeesOwed1;
        var greeks0 = new Greeks(delta0, gamma * price / p0, 0, 0, 0);
        var greeks1 = new Greeks(delta1, gamma * price * price / p1, 0, 0, 0);
        Sensitivity[] sensitivities = string.Equals(instrument.Underlying0, instrument.Underlying1, StringComparison.OrdinalIgnoreCase)
            ? [new Sensitivity(instrument.Underlying0, greeks0 + greeks1)]
            : [new Sensitivity(instrument.Underlying0, greeks0), new Sensitivity(instrument.Underlying1, greeks1)];

        double value = (amounts.Amount0 + instrument.FeesOwed0) * p0 + (amounts.Amount1 + instrument.FeesOwed1) * p1;
        var detail = new LiquidityDetail(amounts.Amount0, amounts.Amount1, price, sa * sa, sb * sb, s > sa && s < sb, gamma);
        return PricingResult.Priced(new Valuation(value, sensitivities, Name, detail,
            ModelSupport.FlagsFor(market, instrument.Underlying0, instrument.Underlying1)));
    }
}
