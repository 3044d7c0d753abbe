using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Governance;

/// <summary>
/// The Aave contracts whose setters a proposal calls: the calls <see cref="GovernanceCallDecoder"/> recognises go to
/// one of these.
/// </summary>
/// <param name="PoolConfigurator">The pool's PoolConfigurator (proxy).</param>
/// <param name="AaveOracle">The pool's price oracle (AaveOracle).</param>
public sealed record GovernedContracts(Address PoolConfigurator, Address AaveOracle)
{
    /// <summary>The profile's GMX v2 DataStore, whose <c>setUint</c> of a margin key is a parameter change; null without GMX.</summary>
    public Address? GmxDataStore { get; init; }

    /// <summary>
    /// Reads them from the profile's Aave pool: its <c>ADDRESSES_PROVIDER()</c>, then the provider's
    /// <c>getPoolConfigurator()</c> and <c>getPriceOracle()</c> (two round trips); the GMX DataStore from the profile.
    /// </summary>
    /// <exception cref="ArgumentException">The profile has no Aave v3 pool.</exception>
    /// <exception cref="RpcErrorException">A call reverted (no Aave pool at that address).</exception>
    /// <exception cref="AbiDecodingException">A call returned something that is not an address.</exception>
    /// <exception cref="RpcUnavailableException">The node could not be reached.</exception>
    public static async Task<GovernedContracts> ReadAsync(EthClient eth, ChainProfile chain, BlockParameter block, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(eth);
        ArgumentNullException.ThrowIfNull(chain);
        if (!Address.TryParse(chain.AaveV3?.Pool, out var pool, out var error))
            throw new ArgumentException($"chain profile '{chain.Name}' has no Aave v3 pool ({error ?? "missing"})", nameof(chain));
        var provider = await AddressAsync(eth, pool, StaticCallEncoder.Encode(new AddressesProviderFunction()), block, ct).ConfigureAwait(false);
        var configurator = AddressAsync(eth, provider, StaticCallEncoder.Encode(new GetPoolConfiguratorFunction()), block, ct);
        var oracle = AddressAsync(eth, provider, StaticCallEncoder.Encode(new GetPriceOracleFunction()), block, ct);
        return new GovernedContracts(await configurator.ConfigureAwait(false), await oracle.ConfigureAwait(false))
        {
            GmxDataStore = Address.TryParse(chain.GmxV2?.DataStore, out var dataStore) ? dataStore : null,
        };
    }

    private static async Task<Address> AddressAsync(EthClient eth, Address to, byte[] data, BlockParameter block, CancellationToken ct)
    {
        var output = SpanAbiDecoder.Decode<AddressOutput>(await eth.CallAsync(to, data, block, ct: ct).ConfigureAwait(false));
        return Address.TryParse(output.Value, out var address)
            ? address
            : throw new AbiDecodingException($"{to} returned '{output.Value}', not an address", nameof(AddressOutput), 0);
    }
}
