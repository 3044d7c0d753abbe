using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Aave;

/// <summary>PoolAddressesProvider <c>getPriceOracle() returns (address)</c>: the AaveOracle.</summary>
[Function("getPriceOracle", typeof(AddressOutput))]
public sealed class GetPriceOracleFunction : FunctionMessage;
