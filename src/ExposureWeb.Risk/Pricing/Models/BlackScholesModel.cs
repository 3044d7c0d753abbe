using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Market;

namespace ExposureWeb.Risk.Pricing.Models;

/// <summary>
/// European options by Black-Scholes-Merton: time from the snapshot to expiry (Actual/365), volatility from the
/// snapshot's source at that term, the USD rate and the underlying's carry.
/// </summary>
/// <remarks>
/// An option past its expiry is valued at its intrinsic value with the current price (the settlement price is not
/// known here) and flagged as expired; it needs no volatility.
/// </remarks>
public sealed class BlackScholesModel : IPricingModel<EuropeanOption>
{
    /// <inheritdoc />
    public string Name => "Black-Scholes-Merton";

    /// <inheritdoc />
    public PricingResult Value(EuropeanOption instrument, MarketSnapshot market)
    {
        ModelSupport.RequireFinite(instrument.Quantity, "quantity");
        if (!market.TryGetPrice(instrument.Underlying, out double spot, out var quote, out string? problem)) return PricingResult.Unpriced(problem!);

        double years = MarketConventions.YearFraction(market.ValuationTime, instrument.Expiry);
        bool expired = years <= 0;
        years = Math.Max(years, 0);
        var vol = expired ? null : market.Volatility.Find(instrument.Underlying, years);
        if (!expired && vol is null)
        {
            return PricingResult.Unpriced($"no volatility for {instrument.Underlying}: configure one or supply a price history.");
        }

        double carry = market.CarryOf(instrument.Underlying);
        var parameters = new OptionParameters(spot, instrument.Strike, years, market.RiskFreeRate, carry, vol?.Volatility ?? 0, instrument.Right);
        var perOption = BlackScholes.Evaluate(parameters);
        var flags = ModelSupport.FlagsFor(instrument.Underlying, quote);
        if (expired)
        {
            flags = [.. flags, $"expired {instrument.Expiry:u}: valued at intrinsic with the current {instrument.Underlying} price"];
        }
        return PricingResult.Priced(new Valuation(
            perOption.Price * instrument.Quantity,
            [new Sensitivity(instrument.Underlying, perOption.Greeks * instrument.Quantity)],
            Name,
            new OptionDetail(years, spot, market.RiskFreeRate, carry, vol, perOption),
            flags));
    }
}
