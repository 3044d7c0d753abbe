using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Market;

namespace ExposureWeb.Risk.Pricing.Models;

/// <summary>Shared helpers of the models.</summary>
internal static class ModelSupport
{
    private static readonly string[] NoFlags = [];

    /// <summary>Flags for the quotes used: a quote with an issue that was used anyway (flagged prices allowed).</summary>
    public static IReadOnlyList<string> FlagsFor(MarketSnapshot market, string underlying) => FlagsFor(underlying, market.QuoteOf(underlying));

    /// <summary>Flags for one quote already looked up.</summary>
    public static IReadOnlyList<string> FlagsFor(string underlying, Exposure.PriceQuote? quote) =>
        quote?.Issue is { } issue ? [$"{underlying} price flagged: {issue}"] : NoFlags;

    public static IReadOnlyList<string> FlagsFor(MarketSnapshot market, string first, string second)
    {
        var a = FlagsFor(market, first);
        var b = FlagsFor(market, second);
        return a.Count == 0 ? b : b.Count == 0 ? a : [.. a, .. b];
    }

    public static void RequireFinite(double value, string what)
    {
        if (!double.IsFinite(value)) throw new ArgumentException($"{what} must be finite (was {value}).", what);
    }
}

/// <summary>Spot: value = quantity × price, delta = quantity.</summary>
public sealed class SpotModel : IPricingModel<SpotHolding>
{
    /// <inheritdoc />
    public string Name => "spot";

    /// <inheritdoc />
    public PricingResult Value(SpotHolding instrument, MarketSnapshot market)
    {
        ModelSupport.RequireFinite(instrument.Quantity, "quantity");
        if (!market.TryGetPrice(instrument.Underlying, out double price, out var quote, out string? problem)) return PricingResult.Unpriced(problem!);
        return PricingResult.Priced(new Valuation(
            instrument.Quantity * price, [new Sensitivity(instrument.Underlying, Greeks.Linear(instrument.Quantity))],
            Name, null, ModelSupport.FlagsFor(instrument.Underlying, quote)));
    }
}

/// <summary>Manual: value = quantity × price + cash, delta = quantity.</summary>
public sealed class ManualModel : IPricingModel<ManualPosition>
{
    /// <inheritdoc />
    public string Name => "manual (linear)";

    /// <inheritdoc />
    public PricingResult Value(ManualPosition instrument, MarketSnapshot market)
    {
        ModelSupport.RequireFinite(instrument.Quantity, "quantity");
        ModelSupport.RequireFinite(instrument.CashUsd, "cash");
        if (instrument.Quantity == 0)
        {
            return PricingResult.Priced(new Valuation(instrument.CashUsd, [], Name, null, []));
        }
        if (!market.TryGetPrice(instrument.Underlying, out double price, out string? problem)) return PricingResult.Unpriced(problem!);
        return PricingResult.Priced(new Valuation(
            instrument.Quantity * price + instrument.CashUsd, [new Sensitivity(instrument.Underlying, Greeks.Linear(instrument.Quantity))],
            Name, null, ModelSupport.FlagsFor(market, instrument.Underlying)));
    }
}
