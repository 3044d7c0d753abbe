using System.Numerics;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.DevChain.Deployment;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.DevChain.Contracts.Messages;

// Deployment messages of Aave v3's official build (@aave/core-v3 1.19.3, Aave v3.0.2), deployed unchanged: bytecode from
// the npm artifact (OfficialArtifact), library addresses filled in where the artifact's link references say.

/// <summary>A contract whose creation code needs library addresses: <see cref="ContractDeploymentMessage.ByteCode"/> is set from <see cref="Linked"/>.</summary>
public abstract class LinkedDeployment() : ContractDeploymentMessage(string.Empty)
{
    /// <summary>The artifact's creation code with <paramref name="libraries"/> filled in.</summary>
    public static string Linked(string artifact, IReadOnlyDictionary<string, Address>? libraries = null) =>
        OfficialArtifact.Load(artifact).CreationCodeHex(libraries);
}

/// <summary>An Aave logic library (SupplyLogic, BorrowLogic …); set ByteCode with <see cref="LinkedDeployment.Linked"/>.</summary>
public sealed class AaveLibraryDeployment : LinkedDeployment;

/// <summary>Pool implementation: <c>constructor(IPoolAddressesProvider provider)</c>, linked against the logic libraries.</summary>
public sealed class PoolDeployment : LinkedDeployment
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
}

/// <summary>PoolConfigurator implementation (no constructor arguments), linked against ConfiguratorLogic.</summary>
public sealed class PoolConfiguratorDeployment : LinkedDeployment;

/// <summary>PoolAddressesProvider: <c>constructor(string marketId, address owner)</c>.</summary>
public sealed class PoolAddressesProviderDeployment() : ContractDeploymentMessage(OfficialArtifact.Load("PoolAddressesProvider").CreationCodeHex())
{
    [Parameter("string", "marketId", 1)] public string MarketId { get; set; } = "";
    [Parameter("address", "owner", 2)] public string Owner { get; set; } = "";
}

/// <summary>ACLManager: <c>constructor(IPoolAddressesProvider provider)</c> (the provider's ACL admin becomes its admin).</summary>
public sealed class AclManagerDeployment() : ContractDeploymentMessage(OfficialArtifact.Load("ACLManager").CreationCodeHex())
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
}

/// <summary>AToken implementation: <c>constructor(IPool pool)</c>.</summary>
public sealed class ATokenDeployment() : ContractDeploymentMessage(OfficialArtifact.Load("AToken").CreationCodeHex())
{
    [Parameter("address", "pool", 1)] public string Pool { get; set; } = "";
}

/// <summary>VariableDebtToken implementation: <c>constructor(IPool pool)</c>.</summary>
public sealed class VariableDebtTokenDeployment() : ContractDeploymentMessage(OfficialArtifact.Load("VariableDebtToken").CreationCodeHex())
{
    [Parameter("address", "pool", 1)] public string Pool { get; set; } = "";
}

/// <summary>StableDebtToken implementation: <c>constructor(IPool pool)</c>.</summary>
public sealed class StableDebtTokenDeployment() : ContractDeploymentMessage(OfficialArtifact.Load("StableDebtToken").CreationCodeHex())
{
    [Parameter("address", "pool", 1)] public string Pool { get; set; } = "";
}

/// <summary>DefaultReserveInterestRateStrategy: rates and ratios in ray (1e27).</summary>
public sealed class DefaultReserveInterestRateStrategyDeployment() : ContractDeploymentMessage(OfficialArtifact.Load("DefaultReserveInterestRateStrategy").CreationCodeHex())
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
    [Parameter("uint256", "optimalUsageRatio", 2)] public BigInteger OptimalUsageRatio { get; set; }
    [Parameter("uint256", "baseVariableBorrowRate", 3)] public BigInteger BaseVariableBorrowRate { get; set; }
    [Parameter("uint256", "variableRateSlope1", 4)] public BigInteger VariableRateSlope1 { get; set; }
    [Parameter("uint256", "variableRateSlope2", 5)] public BigInteger VariableRateSlope2 { get; set; }
    [Parameter("uint256", "stableRateSlope1", 6)] public BigInteger StableRateSlope1 { get; set; }
    [Parameter("uint256", "stableRateSlope2", 7)] public BigInteger StableRateSlope2 { get; set; }
    [Parameter("uint256", "baseStableRateOffset", 8)] public BigInteger BaseStableRateOffset { get; set; }
    [Parameter("uint256", "stableRateExcessOffset", 9)] public BigInteger StableRateExcessOffset { get; set; }
    [Parameter("uint256", "optimalStableToTotalDebtRatio", 10)] public BigInteger OptimalStableToTotalDebtRatio { get; set; }
}

/// <summary>AaveOracle: Chainlink-style sources per asset, prices in the base currency (USD, 8 decimals: unit 1e8).</summary>
public sealed class AaveOracleDeployment() : ContractDeploymentMessage(OfficialArtifact.Load("AaveOracle").CreationCodeHex())
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
    [Parameter("address[]", "assets", 2)] public List<string> Assets { get; set; } = [];
    [Parameter("address[]", "sources", 3)] public List<string> Sources { get; set; } = [];
    [Parameter("address", "fallbackOracle", 4)] public string FallbackOracle { get; set; } = "0x0000000000000000000000000000000000000000";
    [Parameter("address", "baseCurrency", 5)] public string BaseCurrency { get; set; } = "0x0000000000000000000000000000000000000000";
    [Parameter("uint256", "baseCurrencyUnit", 6)] public BigInteger BaseCurrencyUnit { get; set; }
}

/// <summary>AaveProtocolDataProvider: <c>constructor(IPoolAddressesProvider addressesProvider)</c>.</summary>
public sealed class AaveProtocolDataProviderDeployment() : ContractDeploymentMessage(OfficialArtifact.Load("AaveProtocolDataProvider").CreationCodeHex())
{
    [Parameter("address", "addressesProvider", 1)] public string AddressesProvider { get; set; } = "";
}
