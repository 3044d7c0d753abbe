using System.Numerics;
using ExposureWeb.DevChain.Deployment;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.DevChain.Contracts.Messages;

/// <summary>Creation of DemoToken: <c>constructor(string name_, string symbol_, uint8 decimals_)</c>.</summary>
public sealed class DemoTokenDeployment() : ContractDeploymentMessage(ContractArtifact.Load("DemoToken").BytecodeHex)
{
    [Parameter("string", "name_", 1)]
    public string Name { get; set; } = "";

    [Parameter("string", "symbol_", 2)]
    public string Symbol { get; set; } = "";

    [Parameter("uint8", "decimals_", 3)]
    public byte Decimals { get; set; }
}

/// <summary>DemoToken <c>mint(address to, uint256 amount)</c>: anyone may mint on the dev chain.</summary>
[Function("mint")]
public sealed class MintFunction : FunctionMessage
{
    [Parameter("address", "to", 1)]
    public string To { get; set; } = "";

    [Parameter("uint256", "amount", 2)]
    public BigInteger Amount { get; set; }
}

/// <summary>DemoToken <c>minter() returns (address)</c>: the only account allowed to <see cref="MintFunction"/> (the deployer).</summary>
[Function("minter", typeof(MinterOutput))]
public sealed class MinterFunction : FunctionMessage;

/// <summary>Output of <see cref="MinterFunction"/>.</summary>
[FunctionOutput]
public sealed class MinterOutput : IFunctionOutputDTO
{
    [Parameter("address", "minter", 1)] public string Minter { get; set; } = "";
}
