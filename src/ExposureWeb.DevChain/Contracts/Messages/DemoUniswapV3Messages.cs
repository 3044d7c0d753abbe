using System.Numerics;
using ExposureWeb.DevChain.Deployment;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.DevChain.Contracts.Messages;

/// <summary>Creation of DemoUniswapV3Factory (no constructor arguments).</summary>
public sealed class DemoUniswapV3FactoryDeployment() : ContractDeploymentMessage(ContractArtifact.Load("DemoUniswapV3Factory").BytecodeHex);

/// <summary>Creation of DemoNonfungiblePositionManager: <c>constructor(address factory_, address weth9)</c>.</summary>
public sealed class DemoNonfungiblePositionManagerDeployment() : ContractDeploymentMessage(ContractArtifact.Load("DemoNonfungiblePositionManager").BytecodeHex)
{
    [Parameter("address", "factory_", 1)]
    public string Factory { get; set; } = "";

    [Parameter("address", "weth9", 2)]
    public string Weth9 { get; set; } = "";
}

/// <summary>
/// DemoNonfungiblePositionManager <c>mintPosition(SeedParams p) returns (uint256 tokenId)</c>: a position NFT with the
/// given range, liquidity and owed fees, without moving tokens (dev chain only; the real manager's mint takes amounts).
/// </summary>
[Function("mintPosition", "uint256")]
public sealed class MintPositionFunction : FunctionMessage
{
    [Parameter("tuple", "p", 1)]
    public PositionSeed Seed { get; set; } = new();
}

/// <summary>DemoNonfungiblePositionManager's <c>SeedParams</c>.</summary>
public sealed class PositionSeed
{
    [Parameter("address", "recipient", 1)] public string Recipient { get; set; } = "";
    [Parameter("address", "token0", 2)] public string Token0 { get; set; } = "";
    [Parameter("address", "token1", 3)] public string Token1 { get; set; } = "";
    [Parameter("uint24", "fee", 4)] public BigInteger Fee { get; set; }
    [Parameter("int24", "tickLower", 5)] public BigInteger TickLower { get; set; }
    [Parameter("int24", "tickUpper", 6)] public BigInteger TickUpper { get; set; }
    [Parameter("uint128", "liquidity", 7)] public BigInteger Liquidity { get; set; }
    [Parameter("uint128", "tokensOwed0", 8)] public BigInteger TokensOwed0 { get; set; }
    [Parameter("uint128", "tokensOwed1", 9)] public BigInteger TokensOwed1 { get; set; }
}

/// <summary>DemoUniswapV3Pool <c>setSqrtPriceX96(uint160)</c>: moves price and tick without a swap (dev chain only).</summary>
[Function("setSqrtPriceX96")]
public sealed class SetSqrtPriceX96Function : FunctionMessage
{
    [Parameter("uint160", "sqrtPriceX96", 1)]
    public BigInteger SqrtPriceX96 { get; set; }
}
