using System.Security.Cryptography;
using System.Text;

namespace ExposureWeb.Risk.Governance;

/// <summary>
/// A stable content hash of a market's parameters, so a periodic scan stores a snapshot only when something changed.
/// </summary>
/// <remarks>
/// SHA-256 (lower-case hex) over a canonical text of every field except the block number and time (the same
/// parameters read at another block are the same snapshot) and the oracle prices (they move every block). Reserves are
/// taken by asset and eMode categories by id, addresses lower-cased, so neither order nor checksum casing matters; a
/// null (a read that failed) is written as its own marker, so it differs from any value. Perp margin parameters
/// (<see cref="MarketParameters.Perps"/>) add lines only when present, so a market without them keeps the fingerprint it
/// had before they existed.
/// </remarks>
public static class MarketParameterFingerprint
{
    /// <summary>The fingerprint of <paramref name="market"/>: 64 lower-case hex characters.</summary>
    public static string Of(MarketParameters market)
    {
        ArgumentNullException.ThrowIfNull(market);
        var text = new StringBuilder();
        Line(text, "market", market.Chain, market.Protocol, Address(market.Market), Address(market.Oracle), Big(market.BaseCurrencyUnit));
        foreach (var r in market.Reserves.OrderBy(r => r.Asset, StringComparer.OrdinalIgnoreCase))
        {
            Line(text, "reserve", Address(r.Asset), r.Symbol ?? Null,
                ParameterText.Of(r.Ltv), ParameterText.Of(r.LiquidationThreshold), ParameterText.Of(r.LiquidationBonus), ParameterText.Of(r.Decimals),
                ParameterText.Of(r.Active), ParameterText.Of(r.Frozen), ParameterText.Of(r.Paused), ParameterText.Of(r.BorrowingEnabled),
                ParameterText.Of(r.ReserveFactor), ParameterText.Of(r.SupplyCap), ParameterText.Of(r.BorrowCap), ParameterText.Of(r.DebtCeiling),
                ParameterText.Of(r.LiquidationProtocolFee), ParameterText.Of(r.EModeCategory), Address(r.InterestRateStrategy),
                Big(r.RateStrategy?.OptimalUsageRatio), Big(r.RateStrategy?.BaseVariableBorrowRate),
                Big(r.RateStrategy?.VariableRateSlope1), Big(r.RateStrategy?.VariableRateSlope2), Address(r.OracleSource));
        }
        foreach (var e in market.EModeCategories.OrderBy(e => e.Id))
        {
            Line(text, "emode", ParameterText.Of(e.Id), ParameterText.Of(e.Ltv), ParameterText.Of(e.LiquidationThreshold),
                ParameterText.Of(e.LiquidationBonus), Address(e.PriceSource), e.Label);
        }
        if (market.Perps is { } perps)
        {
            Line(text, "perps", perps.Protocol, Address(perps.DataStore), Big(perps.MinCollateralUsd));
            foreach (var m in perps.Markets.OrderBy(m => m.Market, StringComparer.OrdinalIgnoreCase))
            {
                Line(text, "perp-market", Address(m.Market), Address(m.IndexToken), m.IndexUnderlying ?? Null, Big(m.MinCollateralFactor), Big(m.MaxPositionImpactFactorForLiquidations));
            }
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    // Fields are separated by a tab and records by a newline; labels are the only free text and have those escaped,
    // so no two different markets write the same text.
    private const string Null = "\u2205";

    private static void Line(StringBuilder text, string kind, params string[] fields)
    {
        text.Append(kind);
        foreach (var field in fields) text.Append('\t').Append(field.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n"));
        text.Append('\n');
    }

    private static string Address(string? address) => address?.ToLowerInvariant() ?? Null;

    private static string Big(System.Numerics.BigInteger? value) => value is { } v ? ParameterText.Of(v) : Null;
}
