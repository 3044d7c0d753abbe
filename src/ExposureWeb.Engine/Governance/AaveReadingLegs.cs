using System.Globalization;
using System.Numerics;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Adapters.Aave;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Risk.Governance;

namespace ExposureWeb.Engine.Governance;

/// <summary>
/// An Aave account's reserves in the protocol's integers, taken from the raw values its reading recorded
/// (<c>SYMBOL.aTokenBalance</c>, <c>.variableDebtBalance</c>, <c>.configuration</c>, <c>.usageAsCollateralEnabled</c>,
/// <c>.price</c>): the inputs of <see cref="AaveAccountFormula"/>, exactly as the chain had them.
/// </summary>
public static class AaveReadingLegs
{
    private const string BalanceSuffix = ".aTokenBalance";

    /// <summary>The legs, or null when the reading lacks a value the formula needs (an unpriced reserve, a failed call).</summary>
    public static IReadOnlyList<AaveAccountLeg>? Of(PositionReading reading, ChainProfile chain)
    {
        if (reading.Protocol != PositionProtocols.AaveV3) return null;
        var legs = new List<AaveAccountLeg>();
        foreach (var key in reading.Raw.Keys.Where(k => k.EndsWith(BalanceSuffix, StringComparison.Ordinal)))
        {
            var label = key[..^BalanceSuffix.Length];
            if (!TryInteger(reading, label + BalanceSuffix, out var supplied) || !TryInteger(reading, label + ".variableDebtBalance", out var borrowed)
                || !TryInteger(reading, label + ".price", out var price)
                || !reading.Raw.TryGetValue(label + ".configuration", out var configuration)
                || !reading.Raw.TryGetValue(label + ".usageAsCollateralEnabled", out var collateral))
            {
                return null;
            }
            var asset = AssetOf(label, chain);
            if (asset is null) return null;
            var config = ReserveConfiguration.Decode(BigInteger.Parse("0" + configuration[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            legs.Add(new AaveAccountLeg(asset, supplied, borrowed, config.Decimals, price, config.Ltv, config.LiquidationThreshold, collateral == "true"));
        }
        return legs;
    }

    private static bool TryInteger(PositionReading reading, string key, out BigInteger value)
    {
        value = default;
        return reading.Raw.TryGetValue(key, out var text) && BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static string? AssetOf(string label, ChainProfile chain)
    {
        if (Address.TryParse(label, out var address)) return address.ToString();
        var token = chain.Tokens.FirstOrDefault(t => string.Equals(t.Symbol, label, StringComparison.OrdinalIgnoreCase));
        return token is null ? null : Address.Parse(token.Address).ToString();
    }
}
