using System.Numerics;
using ExposureWeb.DevChain.Deployment;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.DevChain.Contracts.Messages;

/// <summary>Creation of DemoAaveOracle (no constructor arguments; sources set afterwards).</summary>
public sealed class DemoAaveOracleDeployment() : ContractDeploymentMessage(ContractArtifact.Load("DemoAaveOracle").BytecodeHex);

/// <summary>Creation of DemoPoolAddressesProvider: <c>constructor(string marketId)</c>.</summary>
public sealed class DemoPoolAddressesProviderDeployment() : ContractDeploymentMessage(ContractArtifact.Load("DemoPoolAddressesProvider").BytecodeHex)
{
    [Parameter("string", "marketId", 1)]
    public string MarketId { get; set; } = "";
}

/// <summary>Creation of DemoAavePool: <c>constructor(DemoPoolAddressesProvider provider)</c>.</summary>
public sealed class DemoAavePoolDeployment() : ContractDeploymentMessage(ContractArtifact.Load("DemoAavePool").BytecodeHex)
{
    [Parameter("address", "provider", 1)]
    public string Provider { get; set; } = "";
}

/// <summary>Creation of DemoPoolConfigurator: <c>constructor(DemoPoolAddressesProvider provider)</c>.</summary>
public sealed class DemoPoolConfiguratorDeployment() : ContractDeploymentMessage(ContractArtifact.Load("DemoPoolConfigurator").BytecodeHex)
{
    [Parameter("address", "provider", 1)]
    public string Provider { get; set; } = "";
}

/// <summary>
/// DemoPoolConfigurator <c>initReserve(address asset, uint128 liquidityRate, uint128 variableBorrowRate)</c>: the demo's
/// one-asset stand-in for Aave's <c>initReserves(InitReserveInput[])</c>, with fixed rates (ray) instead of a strategy.
/// </summary>
[Function("initReserve")]
public sealed class InitReserveFunction : FunctionMessage
{
    [Parameter("address", "asset", 1)]
    public string Asset { get; set; } = "";

    [Parameter("uint128", "liquidityRate", 2)]
    public BigInteger LiquidityRate { get; set; }

    [Parameter("uint128", "variableBorrowRate", 3)]
    public BigInteger VariableBorrowRate { get; set; }
}
