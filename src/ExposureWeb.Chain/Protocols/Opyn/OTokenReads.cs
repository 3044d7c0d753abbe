using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Opyn;

/// <summary>Opyn Gamma oToken <c>getOtokenDetails()</c>.</summary>
[Function("getOtokenDetails", typeof(OTokenDetailsOutput))]
public sealed class GetOtokenDetailsFunction : FunctionMessage;

/// <summary>The series: assets, strike (8 decimals), expiry (Unix seconds), put or call.</summary>
[FunctionOutput]
public sealed class OTokenDetailsOutput : IFunctionOutputDTO
{
    [Parameter("address", "collateralAsset", 1)] public string CollateralAsset { get; set; } = "";
    [Parameter("address", "underlyingAsset", 2)] public string UnderlyingAsset { get; set; } = "";
    [Parameter("address", "strikeAsset", 3)] public string StrikeAsset { get; set; } = "";
    [Parameter("uint256", "strikePrice", 4)] public BigInteger StrikePrice { get; set; }
    [Parameter("uint256", "expiryTimestamp", 5)] public BigInteger ExpiryTimestamp { get; set; }
    [Parameter("bool", "isPut", 6)] public bool IsPut { get; set; }
}

/// <summary>Opyn's constants.</summary>
public static class OToken
{
    /// <summary>Opyn's fixed decimals of strike prices (and of oToken amounts).</summary>
    public const int StrikeDecimals = 8;
}
