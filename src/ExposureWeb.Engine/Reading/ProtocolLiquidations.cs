using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Risk.Portfolios;
using ExposureWeb.Risk.Protocols;

namespace ExposureWeb.Engine.Reading;

/// <summary>
/// Liquidation rows of the lending accounts our model could not price, from the protocol's own figures (Aave: its
/// reserves, thresholds and oracle prices, as its health factor uses them), so an asset without a usable price of ours
/// does not blank the distance to liquidation.
/// </summary>
public static class ProtocolLiquidations
{
    /// <summary>What the row's direction says after "falls below" / "rises above": whose price the distance is measured at.</summary>
    public const string AtProtocolPrice = " (at Aave's oracle price)";

    public static List<LiquidationRow> Rows(PortfolioPositions read, PortfolioRisk risk, ChainProfile chain, IReadOnlyDictionary<string, double> protocolHealth)
    {
        var rows = new List<LiquidationRow>();
        if (risk.Unpriced.Count == 0) return rows;
        var unpriced = risk.Unpriced.Select(u => u.Position.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var p in read.Positions)
        {
            if (!unpriced.Contains(p.Id) || p.AaveLegs is not { } legs || !p.Decoded.TryGetValue("baseCurrencyUnit", out var unit)) continue;
            double? hf = protocolHealth.TryGetValue(p.Id, out var h) && double.IsFinite(h) ? h : null;
            foreach (var (l, current) in AaveProtocolLiquidation.Of(legs, unit, asset => UnderlyingOf(chain, asset)))
            {
                var direction = l.Direction switch
                {
                    LiquidationDirection.PriceFalls => "falls below" + AtProtocolPrice,
                    LiquidationDirection.PriceRises => "rises above" + AtProtocolPrice,
                    _ => l.Note ?? "not reachable",
                };
                rows.Add(new LiquidationRow(p.Id, l.Underlying, l.Price, current, direction, hf));
            }
        }
        return rows;
    }

    private static string? UnderlyingOf(ChainProfile chain, string asset) =>
        chain.Tokens.FirstOrDefault(t => string.Equals(t.Address, asset, StringComparison.OrdinalIgnoreCase))?.Underlying;
}
