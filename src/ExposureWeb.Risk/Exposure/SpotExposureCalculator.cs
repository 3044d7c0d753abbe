using ExposureWeb.Risk.Instruments;

namespace ExposureWeb.Risk.Exposure;

/// <summary>Nets spot holdings per underlying and values them with oracle prices.</summary>
public static class SpotExposureCalculator
{
    /// <summary>
    /// One row per underlying held, ordered by absolute USD delta (unpriced rows last). A holding whose
    /// price is missing or unusable still appears, with its units and no USD figure: nothing is dropped.
    /// </summary>
    public static IReadOnlyList<UnderlyingExposure> Aggregate(
        IEnumerable<SpotHolding> holdings,
        IReadOnlyDictionary<string, PriceQuote> prices)
    {
        return holdings
            .GroupBy(h => h.Underlying, StringComparer.OrdinalIgnoreCase)
            .Select(g =>
            {
                var delta = g.Sum(h => h.Quantity);
                prices.TryGetValue(g.Key, out var quote);
                double? price = quote is { IsUsable: true } ? quote.PriceUsd : null;
                return new UnderlyingExposure(g.Key, delta, price, delta * price, g.ToList(), quote);
            })
            .OrderByDescending(e => e.UsdDelta.HasValue)
            .ThenByDescending(e => Math.Abs(e.UsdDelta ?? 0))
            .ThenBy(e => e.Underlying, StringComparer.Ordinal)
            .ToList();
    }
}
