using System.Numerics;
using ExposureWeb.DevChain.Deployment;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.DevChain.Contracts.Messages;

/// <summary>
/// Creation of DemoOToken (the deployer becomes its controller): <c>constructor(address underlyingAsset_, address
/// strikeAsset_, address collateralAsset_, uint256 strikePrice_, uint256 expiryTimestamp_, bool isPut_, string name_,
/// string symbol_)</c>.
/// </summary>
public sealed class DemoOTokenDeployment() : ContractDeploymentMessage(ContractArtifact.Load("DemoOToken").BytecodeHex)
{
    [Parameter("address", "underlyingAsset_", 1)] public string UnderlyingAsset { get; set; } = "";
    [Parameter("address", "strikeAsset_", 2)] public string StrikeAsset { get; set; } = "";
    [Parameter("address", "collateralAsset_", 3)] public string CollateralAsset { get; set; } = "";
    [Parameter("uint256", "strikePrice_", 4)] public BigInteger StrikePrice { get; set; }
    [Parameter("uint256", "expiryTimestamp_", 5)] public BigInteger ExpiryTimestamp { get; set; }
    [Parameter("bool", "isPut_", 6)] public bool IsPut { get; set; }
    [Parameter("string", "name_", 7)] public string Name { get; set; } = "";
    [Parameter("string", "symbol_", 8)] public string Symbol { get; set; } = "";
}
