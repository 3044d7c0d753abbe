using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Aave;

// Views of Aave v3's aTokens and variable debt tokens beyond ERC-20 (balanceOf, decimals, symbol are Erc20's messages).

/// <summary><c>UNDERLYING_ASSET_ADDRESS() returns (address)</c>: the reserve's asset, on aTokens and debt tokens alike.</summary>
[Function("UNDERLYING_ASSET_ADDRESS", typeof(AddressOutput))]
public sealed class UnderlyingAssetAddressFunction : FunctionMessage;
