using System.Numerics;
using ExposureWeb.DevChain.Deployment;
using Nethereum.ABI.FunctionEncoding.Attributes;
using ExposureWeb.Chain.Protocols.GmxV2;
using Nethereum.Contracts;

namespace ExposureWeb.DevChain.Contracts.Messages;

/// <summary>Creation of DemoGmxDataStore (no constructor arguments; the deployer becomes its controller).</summary>
public sealed class DemoGmxDataStoreDeployment() : ContractDeploymentMessage(ContractArtifact.Load("DemoGmxDataStore").BytecodeHex);

/// <summary>Creation of DemoGmxReader: <c>constructor(address dataStore_)</c>.</summary>
public sealed class DemoGmxReaderDeployment() : ContractDeploymentMessage(ContractArtifact.Load("DemoGmxReader").BytecodeHex)
{
    [Parameter("address", "dataStore_", 1)]
    public string DataStore { get; set; } = "";
}

/// <summary>DemoGmxReader <c>setMarket(MarketProps market)</c> (dev chain only: GMX creates markets through its factory).</summary>
[Function("setMarket")]
public sealed class SetMarketFunction : FunctionMessage
{
    [Parameter("tuple", "market", 1)]
    public MarketProps Market { get; set; } = new();
}

/// <summary>DemoGmxReader <c>setPosition(PositionProps position) returns (bytes32 key)</c> (dev chain only).</summary>
[Function("setPosition", "bytes32")]
public sealed class SetPositionFunction : FunctionMessage
{
    [Parameter("tuple", "position", 1)]
    public PositionProps Position { get; set; } = new();
}

/// <summary>DemoGmxDataStore <c>setController(address newController)</c> (dev chain only: GMX grants CONTROLLER in its RoleStore).</summary>
[Function("setController")]
public sealed class SetControllerFunction : FunctionMessage
{
    [Parameter("address", "newController", 1)]
    public string NewController { get; set; } = "";
}

/// <summary>DemoGmxDataStore <c>controller() returns (address)</c>: who may setUint.</summary>
[Function("controller", "address")]
public sealed class ControllerFunction : FunctionMessage;
