using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Aave;

/// <summary>AaveOracle <c>getAssetPrice(address asset) returns (uint256)</c>: the price in base currency units.</summary>
[Function("getAssetPrice", typeof(AssetPriceOutput))]
public sealed class GetAssetPriceFunction : FunctionMessage
{
    [Parameter("address", "asset", 1)] public string Asset { get; set; } = "";
}

/// <summary>Output of <see cref="GetAssetPriceFunction"/>.</summary>
[FunctionOutput]
public sealed class AssetPriceOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "price", 1)] public BigInteger Price { get; set; }
}

/// <summary>AaveOracle <c>BASE_CURRENCY_UNIT() returns (uint256)</c>: one unit of the base currency (1e8 for USD markets).</summary>
[Function("BASE_CURRENCY_UNIT", typeof(BaseCurrencyUnitOutput))]
public sealed class BaseCurrencyUnitFunction : FunctionMessage;

/// <summary>Output of <see cref="BaseCurrencyUnitFunction"/>.</summary>
[FunctionOutput]
public sealed class BaseCurrencyUnitOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "unit", 1)] public BigInteger Unit { get; set; }
}

/// <summary>AaveOracle <c>getSourceOfAsset(address asset) returns (address)</c>: the asset's price source (a Chainlink aggregator).</summary>
[Function("getSourceOfAsset", typeof(AddressOutput))]
public sealed class GetSourceOfAssetFunction : FunctionMessage
{
    [Parameter("address", "asset", 1)] public string Asset { get; set; } = "";
}
