using System.Numerics;
using ExposureWeb.Chain.Primitives;
using Nethereum.ABI;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.GmxV2;

/// <summary><c>DataStore.getUint(bytes32 key) returns (uint256)</c>: 0 for a key never set.</summary>
[Function("getUint", typeof(UintValueOutput))]
public sealed class GetUintFunction : FunctionMessage
{
    [Parameter("bytes32", "key", 1)] public byte[] Key { get; set; } = new byte[32];
}

/// <summary>Output of <see cref="GetUintFunction"/>.</summary>
[FunctionOutput]
public sealed class UintValueOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "", 1)] public BigInteger Value { get; set; }
}

/// <summary>
/// <c>DataStore.setUint(bytes32 key, uint256 value) returns (uint256)</c>: GMX lets only its CONTROLLER role call it
/// (governance's config contracts); the dev chain's DataStore lets its one controller, the governance timelock.
/// </summary>
[Function("setUint", "uint256")]
public sealed class SetUintFunction : FunctionMessage
{
    [Parameter("bytes32", "key", 1)] public byte[] Key { get; set; } = new byte[32];
    [Parameter("uint256", "value", 2)] public BigInteger Value { get; set; }
}

/// <summary><c>getMarkets(DataStore dataStore, uint256 start, uint256 end) returns (Market.Props[])</c> of GMX's Reader: the listed markets.</summary>
[Function("getMarkets", typeof(MarketsOutput))]
public sealed class GetMarketsFunction : FunctionMessage
{
    [Parameter("address", "dataStore", 1)] public string DataStore { get; set; } = "";
    [Parameter("uint256", "start", 2)] public BigInteger Start { get; set; }
    [Parameter("uint256", "end", 3)] public BigInteger End { get; set; }
}

/// <summary>Output of <see cref="GetMarketsFunction"/>.</summary>
[FunctionOutput]
public sealed class MarketsOutput : IFunctionOutputDTO
{
    [Parameter("tuple[]", "markets", 1)] public List<MarketProps> Markets { get; set; } = [];
}

/// <summary>
/// GMX v2's DataStore keys (its <c>Keys.sol</c>): a name's key is <c>keccak256(abi.encode(name))</c>, a per-market
/// key <c>keccak256(abi.encode(nameKey, market))</c>. Factors and USD amounts under them carry 30 decimals
/// (10^30 = 100% or 1 USD).
/// </summary>
public static class GmxKeys
{
    /// <summary><c>MIN_COLLATERAL_FACTOR</c>: per market, the collateral a position must keep as a fraction of its size (30 decimals).</summary>
    public static readonly byte[] MinCollateralFactor = Name("MIN_COLLATERAL_FACTOR");

    /// <summary><c>MIN_COLLATERAL_USD</c>: global, the least collateral any position must keep, USD with 30 decimals.</summary>
    public static readonly byte[] MinCollateralUsd = Name("MIN_COLLATERAL_USD");

    /// <summary><c>MAX_POSITION_IMPACT_FACTOR_FOR_LIQUIDATIONS</c>: per market, the largest negative price impact a liquidation pays (30 decimals).</summary>
    public static readonly byte[] MaxPositionImpactFactorForLiquidations = Name("MAX_POSITION_IMPACT_FACTOR_FOR_LIQUIDATIONS");

    /// <summary>The key of the market's minimum collateral factor: <c>keccak256(abi.encode(MIN_COLLATERAL_FACTOR, market))</c>.</summary>
    public static byte[] MinCollateralFactorKey(Address market) => ForMarket(MinCollateralFactor, market);

    /// <summary>The key of the market's liquidation price-impact cap: <c>keccak256(abi.encode(MAX_POSITION_IMPACT_FACTOR_FOR_LIQUIDATIONS, market))</c>.</summary>
    public static byte[] MaxPositionImpactFactorForLiquidationsKey(Address market) => ForMarket(MaxPositionImpactFactorForLiquidations, market);

    /// <summary><c>keccak256(abi.encode(name))</c>: how Keys.sol names a value.</summary>
    public static byte[] Name(string name) => new ABIEncode().GetSha3ABIEncoded(new ABIValue("string", name));

    private static byte[] ForMarket(byte[] nameKey, Address market) =>
        new ABIEncode().GetSha3ABIEncoded(new ABIValue("bytes32", nameKey), new ABIValue("address", market.ToLowerHex()));

    /// <summary>10^30: a factor of 100%, or one USD.</summary>
    public static readonly BigInteger FactorOne = BigInteger.Pow(10, GmxConstants.UsdDecimals);

    /// <summary>A 30-decimals factor as a fraction (1e28 → 0.01, the double nearest to 1%).</summary>
    /// <remarks>
    /// Through 18 decimals, which doubles hold exactly up to 2^53 (10^28 is not exact as a double, 10^16 is), so round
    /// factors give the double of the same literal; digits below 10^-18 are dropped.
    /// </remarks>
    public static double ToFraction(BigInteger factor)
    {
        var scaled = factor / BigInteger.Pow(10, GmxConstants.UsdDecimals - 18);
        return BigInteger.Abs(scaled) < (BigInteger.One << 53) ? (double)(long)scaled / 1e18 : (double)scaled / 1e18;
    }
}
