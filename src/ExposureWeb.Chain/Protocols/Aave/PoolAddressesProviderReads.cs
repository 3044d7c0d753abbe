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
