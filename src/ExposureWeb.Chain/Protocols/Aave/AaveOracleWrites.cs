using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Aave;

/// <summary>AaveOracle <c>setAssetSources(address[] assets, address[] sources)</c>: the Chainlink feed of each asset.</summary>
[Function("setAssetSources")]
public sealed class SetAssetSourcesFunction : FunctionMessage
{
    [Parameter("address[]", "assets", 1)]
    public List<string> Assets { get; set; } = [];

    [Parameter("address[]", "sources", 2)]
    public List<string> Sources { get; set; } = [];
}
