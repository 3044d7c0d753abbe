using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Aave;

/// <summary>PoolAddressesProvider <c>getPriceOracle() returns (address)</c>: the AaveOracle.</summary>
[Function("getPriceOracle", typeof(AddressOutput))]
public sealed class GetPriceOracleFunction : FunctionMessage;

/// <summary>
/// PoolAddressesProvider <c>getPool() returns (address)</c>: the Pool proxy. Not named GetPoolFunction, which is
/// UniswapV3Factory's <c>getPool(address,address,uint24)</c>.
/// </summary>
[Function("getPool", typeof(AddressOutput))]
public sealed class ProviderGetPoolFunction : FunctionMessage;

/// <summary>PoolAddressesProvider <c>getPoolConfigurator() returns (address)</c>: the PoolConfigurator proxy.</summary>
[Function("getPoolConfigurator", typeof(AddressOutput))]
public sealed class GetPoolConfiguratorFunction : FunctionMessage;

/// <summary>PoolAddressesProvider <c>getACLManager() returns (address)</c>.</summary>
[Function("getACLManager", typeof(AddressOutput))]
public sealed class GetAclManagerFunction : FunctionMessage;

/// <summary>PoolAddressesProvider <c>getPoolDataProvider() returns (address)</c>: the AaveProtocolDataProvider.</summary>
[Function("getPoolDataProvider", typeof(AddressOutput))]
public sealed class GetPoolDataProviderFunction : FunctionMessage;
