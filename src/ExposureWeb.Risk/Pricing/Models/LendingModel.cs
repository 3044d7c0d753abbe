using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Market;
using ExposureWeb.Risk.Protocols;

namespace ExposureWeb.Risk.Pricing.Models;

/// <summary>
/// Lending accounts: value = Σ supplied × price − Σ borrowed × price; delta per underlying = supplied − borrowed
/// quantity; health factor, liquidation prices and per-1% moves from <see cref="LendingMath"/>.
/// </summary>
/// <remarks>Interest accrual is already in the balances; its sensitivity to rates is not modelled (rho 0).</remarks>
public sealed class LendingModel : IPricingModel<LendingAccount>
{
    /// <inheritdoc />
    public string Name => "lending (Aave v3 health factor)";

    /// <inheritdoc />
    public PricingResult Value(LendingAccount instrument, MarketSnapshot market)
    {
        // A handful of reserves per account: small lists searched linearly are cheaper than dictionaries here.
        var net = new List<(string Underlying, double Quantity, double Price)>(instrument.Supplies.Count + instrument.Debts.Count);
        List<string>? problems = null;
        List<string>? flags = null;
        void Need(string underlying, double signedQuantity)
        {
            for (int i = 0; i < net.Count; i++)
            {
                if (string.Equals(net[i].Underlying, underlying, StringComparison.OrdinalIgnoreCase))
                {
                    net[i] = net[i] with { Quantity = net[i].Quantity + signedQuantity };
                    return;
                }
            }
            if (market.TryGetPrice(underlying, out double p, out var quote, out string? problem))
            {
                if (quote?.Issue is not null) (flags ??= []).AddRange(ModelSupport.FlagsFor(underlying, quote));
            }
            else (problems ??= []).Add(problem!);
            net.Add((underlying, signedQuantity, p));
        }
        foreach (var s in instrument.Supplies) Need(s.Underlying, s.Quantity);
        foreach (var d in instrument.Debts) Need(d.Underlying, -d.Quantity);
        if (problems is not null)
        {
            // The health factor needs every leg: a partial account would show a false health.
            return PricingResult.Unpriced(string.Join(" ", problems));
        }

        var health = LendingMath.Analyze(instrument, u =>
        {
            foreach (var leg in net)
            {
                if (string.Equals(leg.Underlying, u, StringComparison.OrdinalIgnoreCase)) return leg.Price;
            }
            return double.NaN;
        });
        var sensitivities = new Sensitivity[net.Count];
        for (int i = 0; i < net.Count; i++) sensitivities[i] = new Sensitivity(net[i].Underlying, Greeks.Linear(net[i].Quantity));
        return PricingResult.Priced(new Valuation(health.CollateralUsd - health.DebtUsd, sensitivities, Name,
            new LendingDetail(health), flags ?? (IReadOnlyList<string>)[]));
    }
}
