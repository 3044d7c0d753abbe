using System.Collections.Concurrent;
using System.Numerics;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Adapters;

/// <summary>
/// What the position adapters discovered and that rarely changes, so that a snapshot can plan every dependent read
/// in its first round: Aave's reserve list, reserve tokens and oracle; each owner's Uniswap position NFT ids, each
/// id's pool; GMX market tokens. Share one instance per process (e.g. a singleton); thread-safe.
/// </summary>
/// <remarks>
/// <para>Nothing here is trusted blindly: every snapshot re-reads the discovery calls (getReservesList,
/// ADDRESSES_PROVIDER / getPriceOracle, getReserveData, the NFT manager's balanceOf and tokenOfOwnerByIndex,
/// positions) alongside the dependent reads, so a stale entry costs one more round at the same block, never a
/// wrong answer. Entries that cannot change are not re-read: a Uniswap pool address for (token0, token1, fee) once
/// the factory returned one, and a GMX market's tokens.</para>
/// <para>Keys carry the chain name and contract address, so one cache serves several chains and profiles.</para>
/// </remarks>
public sealed class PositionDiscoveryCache
{
    private readonly ConcurrentDictionary<(string Chain, Address Pool), AaveDiscovery> _aave = new();
    private readonly ConcurrentDictionary<(string Chain, Address Manager, Address Owner), OwnerNfts> _nfts = new();
    private readonly ConcurrentDictionary<(string Chain, Address Manager, BigInteger TokenId), UniswapPoolKey> _nftPools = new();
    private readonly ConcurrentDictionary<(string Chain, Address Manager, BigInteger TokenId), (int Lower, int Upper)> _nftRanges = new();
    private readonly ConcurrentDictionary<(string Chain, Address Factory, UniswapPoolKey Key), Address> _pools = new();
    private readonly ConcurrentDictionary<(string Chain, Address Reader, Address DataStore, Address Market), GmxMarket> _markets = new();

    private long _version;

    /// <summary>
    /// Changes whenever an entry is set or the cache is cleared: adapters plan from the cache alone, so a plan made at
    /// the same version is still the plan (the reader reuses a steady block's batch on that condition).
    /// </summary>
    public long Version => Interlocked.Read(ref _version);

    private void Changed() => Interlocked.Increment(ref _version);

    /// <summary>Number of cached entries of every kind (for diagnostics and tests).</summary>
    public int Count => _aave.Count + _nfts.Count + _nftPools.Count + _nftRanges.Count + _pools.Count + _markets.Count;

    /// <summary>Forgets everything.</summary>
    public void Clear()
    {
        _aave.Clear();
        _nfts.Clear();
        _nftPools.Clear();
        _nftRanges.Clear();
        _pools.Clear();
        _markets.Clear();
        Changed();
    }

    internal AaveDiscovery Aave(string chain, Address pool) => _aave.GetValueOrDefault((chain, pool)) ?? AaveDiscovery.Empty;

    internal void SetAave(string chain, Address pool, AaveDiscovery value)
    {
        _aave[(chain, pool)] = value;
        Changed();
    }

    internal OwnerNfts Nfts(string chain, Address manager, Address owner) => _nfts.GetValueOrDefault((chain, manager, owner)) ?? OwnerNfts.Unknown;

    internal void SetNfts(string chain, Address manager, Address owner, OwnerNfts value)
    {
        _nfts[(chain, manager, owner)] = value;
        Changed();
    }

    internal UniswapPoolKey? NftPool(string chain, Address manager, BigInteger tokenId) =>
        _nftPools.TryGetValue((chain, manager, tokenId), out var key) ? key : null;

    internal void SetNftPool(string chain, Address manager, BigInteger tokenId, UniswapPoolKey key)
    {
        _nftPools[(chain, manager, tokenId)] = key;
        Changed();
    }

    /// <summary>A position NFT's tick range (fixed for its life), for planning the pool's tick reads its fees need.</summary>
    internal (int Lower, int Upper)? NftRange(string chain, Address manager, BigInteger tokenId) =>
        _nftRanges.TryGetValue((chain, manager, tokenId), out var range) ? range : null;

    internal void SetNftRange(string chain, Address manager, BigInteger tokenId, (int Lower, int Upper) range)
    {
        _nftRanges[(chain, manager, tokenId)] = range;
        Changed();
    }

    internal Address? Pool(string chain, Address factory, UniswapPoolKey key) =>
        _pools.TryGetValue((chain, factory, key), out var pool) ? pool : null;

    internal void SetPool(string chain, Address factory, UniswapPoolKey key, Address pool)
    {
        _pools[(chain, factory, key)] = pool;
        Changed();
    }

    /// <summary>Every pool of the factory found so far.</summary>
    internal IReadOnlyList<Address> Pools(string chain, Address factory) =>
        _pools.Where(kv => kv.Key.Chain == chain && kv.Key.Factory == factory).Select(kv => kv.Value).Distinct().ToList();

    internal GmxMarket? Market(string chain, Address reader, Address dataStore, Address market) =>
        _markets.TryGetValue((chain, reader, dataStore, market), out var m) ? m : null;

    /// <summary>Every GMX market found so far for the Reader and DataStore, in address order (a stable plan).</summary>
    internal IReadOnlyList<Address> Markets(string chain, Address reader, Address dataStore) =>
        _markets.Keys.Where(k => k.Chain == chain && k.Reader == reader && k.DataStore == dataStore).Select(k => k.Market).OrderBy(m => m.ToString(), StringComparer.Ordinal).ToList();

    internal void SetMarket(string chain, Address reader, Address dataStore, GmxMarket market)
    {
        _markets[(chain, reader, dataStore, market.MarketToken)] = market;
        Changed();
    }
}

/// <summary>An Aave v3 pool's discovered addresses.</summary>
/// <param name="Provider">ADDRESSES_PROVIDER(), null until read.</param>
/// <param name="Oracle">The provider's getPriceOracle(), null until read.</param>
/// <param name="Reserves">getReservesList(), null until read.</param>
/// <param name="Tokens">Per reserve asset: its aToken and variable-debt token from getReserveData.</param>
internal sealed record AaveDiscovery(Address? Provider, Address? Oracle, IReadOnlyList<Address>? Reserves, IReadOnlyDictionary<Address, AaveReserveTokens> Tokens)
{
    public static AaveDiscovery Empty { get; } = new(null, null, null, new Dictionary<Address, AaveReserveTokens>());
}

/// <summary>A reserve's aToken and variable-debt token.</summary>
internal readonly record struct AaveReserveTokens(Address AToken, Address VariableDebtToken);

/// <summary>An owner's position NFTs: the last balanceOf and the id at each index (null where not read yet).</summary>
internal sealed record OwnerNfts(int Count, IReadOnlyList<BigInteger?> Ids)
{
    /// <summary>Nothing read yet: no tokenOfOwnerByIndex is planned until balanceOf says how many.</summary>
    public static OwnerNfts Unknown { get; } = new(0, []);
}

/// <summary>A Uniswap v3 pool's identity: its tokens in the pool's order and the fee tier.</summary>
public readonly record struct UniswapPoolKey(Address Token0, Address Token1, int Fee);

/// <summary>A GMX v2 market (Market.Props).</summary>
public sealed record GmxMarket(Address MarketToken, Address IndexToken, Address LongToken, Address ShortToken);
