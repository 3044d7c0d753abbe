using ExposureWeb.Chain.Primitives;
using ExposureWeb.DevChain.Deployment;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.DevChain.Contracts.Messages;

// Deployment messages of Uniswap v3's official builds (@uniswap/v3-core 1.0.1, @uniswap/v3-periphery 1.4.4), deployed
// unchanged: the bytecode is the npm artifact's (OfficialArtifact), only the descriptor's library address is filled in.

/// <summary>UniswapV3Factory (no constructor arguments; the deployer becomes its owner).</summary>
public sealed class UniswapV3FactoryDeployment() : ContractDeploymentMessage(OfficialArtifact.Load("UniswapV3Factory").CreationCodeHex());

/// <summary>The NFTDescriptor library the token descriptor links against.</summary>
public sealed class NftDescriptorLibraryDeployment() : ContractDeploymentMessage(OfficialArtifact.Load("NFTDescriptor").CreationCodeHex());

/// <summary>NonfungibleTokenPositionDescriptor (tokenURI of the position NFTs); set <see cref="ContractDeploymentMessage.ByteCode"/> with <see cref="Linked"/>.</summary>
public sealed class NonfungibleTokenPositionDescriptorDeployment() : ContractDeploymentMessage(string.Empty)
{
    [Parameter("address", "_WETH9", 1)] public string Weth9 { get; set; } = "";
    [Parameter("bytes32", "_nativeCurrencyLabelBytes", 2)] public byte[] NativeCurrencyLabelBytes { get; set; } = new byte[32];

    /// <summary>The descriptor's creation code with the NFTDescriptor library at <paramref name="library"/>.</summary>
    public static string Linked(Address library) =>
        OfficialArtifact.Load("NonfungibleTokenPositionDescriptor").CreationCodeHex(new Dictionary<string, Address> { ["NFTDescriptor"] = library });
}

/// <summary>NonfungiblePositionManager.</summary>
public sealed class NonfungiblePositionManagerDeployment() : ContractDeploymentMessage(OfficialArtifact.Load("NonfungiblePositionManager").CreationCodeHex())
{
    [Parameter("address", "_factory", 1)] public string Factory { get; set; } = "";
    [Parameter("address", "_WETH9", 2)] public string Weth9 { get; set; } = "";
    [Parameter("address", "_tokenDescriptor_", 3)] public string TokenDescriptor { get; set; } = "";
}

/// <summary>SwapRouter.</summary>
public sealed class SwapRouterDeployment() : ContractDeploymentMessage(OfficialArtifact.Load("SwapRouter").CreationCodeHex())
{
    [Parameter("address", "_factory", 1)] public string Factory { get; set; } = "";
    [Parameter("address", "_WETH9", 2)] public string Weth9 { get; set; } = "";
}

/// <summary>QuoterV2.</summary>
public sealed class QuoterV2Deployment() : ContractDeploymentMessage(OfficialArtifact.Load("QuoterV2").CreationCodeHex())
{
    [Parameter("address", "_factory", 1)] public string Factory { get; set; } = "";
    [Parameter("address", "_WETH9", 2)] public string Weth9 { get; set; } = "";
}
