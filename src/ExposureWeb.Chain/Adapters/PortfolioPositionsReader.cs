using ExposureWeb.Chain.Adapters.Aave;
using ExposureWeb.Chain.Adapters.Chainlink;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using RiskPortfolio = ExposureWeb.Risk.Instruments.Portfolio;
using RiskPosition = ExposureWeb.Risk.Instruments.Position;

namespace ExposureWeb.Chain.Adapters;

/// <summary>What one read cost.</summary>
/// <param name="Rounds">Multicall rounds this portfolio needed (1 in the steady state).</param>
/// <param name="RoundTrips">
/// Rounds sent to the node one after the other until this portfolio was complete (each round's HTTP requests go out
/// together); 1 in the steady state.
/// </param>
/// <param name="HttpRequests">HTTP requests of the whole read so far (for <see cref="PortfolioPositionsReader.ReadManyAsync"/>: shared by every portfolio of the call).</param>
/// <param name="Calls">Contract calls this portfolio asked for, summed over its rounds, before calls shared with other addresses were merged.</param>
public sealed record ReadCost(int Rounds, int RoundTrips, int HttpRequests, int Calls);

/// <summary>A portfolio's whole on-chain snapshot, every value read at <see cref="BlockNumber"/>.</summary>
/// <param name="Chain">The chain profile's name.</param>
/// <param name="BlockNumber">The block every call ran against.</param>
/// <param name="BlockTime">That block's timestamp.</param>
/// <param name="Owners">The addresses read (duplicates removed).</param>
/// <param name="Positions">Every position of every protocol, each with its provenance, raw values and instrument or error.</param>
/// <param name="Prices">USD quotes per underlying from the profile's Chainlink feeds (issues included).</param>
/// <param name="AaveReserves">The Aave pool's reserves (configuration, tokens, rates, oracle price); empty without Aave.</param>
/// <param name="Errors">Problems of the snapshot rather than of a position: a price feed that failed, decimals that disagree with the profile, a multicall the node refused.</param>
/// <param name="Cost">Rounds, round trips and calls.</param>
public sealed record PortfolioPositions(
    string Chain,
    ulong BlockNumber,
    DateTimeOffset BlockTime,
    IReadOnlyList<Address> Owners,
    IReadOnlyList<PositionReading> Positions,
    IReadOnlyDictionary<string, FeedQuote> Prices,
    IReadOnlyList<AaveReserve> AaveReserves,
    IReadOnlyList<string> Errors,
    ReadCost Cost)
{
    /// <summary>The readings of one protocol (<see cref="PositionProtocols"/>).</summary>
    public IEnumerable<PositionReading> Of(string protocol) => Positions.Where(p => p.Protocol == protocol);

    /// <summary>The positions that have an instrument, as a Risk portfolio (errors and markers stay on the readings).</summary>
    public RiskPortfolio ToPortfolio(string id) =>
        new(id, Positions.Select(p => p.ToPosition()).OfType<RiskPosition>().ToList());
}

/// <summary>Options of <see cref="PortfolioPositionsReader"/>.</summary>
public sealed class PositionsReaderOptions
{
    /// <summary>Margin past a feed's heartbeat before its price is stale; default 5 minutes.</summary>
    public TimeSpan StaleMargin { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Most calls per aggregate3 eth_call, so that none runs into the node's gas cap for eth_call (anvil and geth: the
    /// block gas limit, 30 M; 500 calls of this reader stay near 5 M). Default 500.
    /// </summary>
    public int MaxCallsPerMulticall { get; init; } = 500;

    /// <summary>Most aggregate3 calldata bytes per eth_call (providers cap a call's size); default 128 KiB.</summary>
    public int MaxBytesPerMulticall { get; init; } = 128 * 1024;

    /// <summary>Most eth_calls per JSON-RPC batch (providers cap a batch's length: Alchemy 1 000, Infura 100); default 16.</summary>
    public int MaxCallsPerHttpBatch { get; init; } = 16;

    /// <summary>Most bytes per HTTP request body (anvil refuses about 2 MB; many providers 1 MB or less); default 768 KiB.</summary>
    public int MaxRequestBytes { get; init; } = 768 * 1024;

    /// <summary>HTTP requests of one round in flight at once; default 4.</summary>
    public int MaxConcurrentRequests { get; init; } = 4;

    /// <summary>Rounds after which discovery that still changes is given up (its positions become errors); default 8.</summary>
    public int MaxRounds { get; init; } = 8;
}

/// <summary>
/// Reads portfolios' whole snapshots — spot balances, Chainlink prices, Aave v3 accounts, Uniswap v3 positions, GMX v2
/// perps and Opyn oTokens of all their addresses — pinned to one block, in as few JSON-RPC round trips as possible,
/// with per-position errors.
/// </summary>
/// <remarks>
/// <para><b>One read for many portfolios.</b> <see cref="ReadManyAsync"/> reads each distinct address once, however
/// many portfolios watch it, and the block, token decimals and oracle prices once for all. Every round is one
/// <see cref="MulticallBatch"/> for every address still pending, in which identical calls (the pool's reserve list, a
/// pool's slot0, the reserves' data) are merged; it is packed into aggregate3 eth_calls within the node's limits
/// (<see cref="PositionsReaderOptions"/>) and sent as concurrent HTTP requests. So one round is one round trip
/// (requests in parallel), and the steady state needs one round per block for any number of portfolios.</para>
/// <para><b>Pinning.</b> The first round runs at the requested block, or at <c>latest</c>, and reads Multicall3's
/// getBlockNumber and getCurrentBlockTimestamp in the same batch; every later round is pinned to that number (if the
/// first round's eth_calls ran at different heights, the difference is reported). No separate eth_blockNumber or
/// eth_getBlockByNumber is needed.</para>
/// <para><b>Dependent reads.</b> Some calls need the answer of others: NFT ids → positions → pool → slot0; reserves
/// list → reserve data → aToken balances; addresses provider → oracle → prices; position → GMX market. The
/// <see cref="PositionDiscoveryCache"/> keeps those answers (per chain, contract and owner), so a round plans the
/// whole chain at once. The discovery calls are repeated in every round, and each adapter compares what they returned
/// with what it planned from: equal (the steady state) → it settles in that round; different (an NFT minted, a
/// reserve listed, the oracle replaced) → it updates the cache and takes another round at the same block. Adapters
/// run per address, so only the addresses whose discovery changed take more rounds: every portfolio whose addresses
/// all settled is handed to <c>onReady</c> as soon as its round is read, without waiting for the others.</para>
/// <para><b>Counts</b> (measured on the demo, tests/ExposureWeb.Chain.Tests/Adapters): about 130 calls for three
/// addresses holding every kind. A cold cache needs one round per dependency level: Uniswap 4 (balanceOf with a few
/// speculative tokenOfOwnerByIndex; positions; getPool; slot0 and ticks), Aave 3 (getReservesList; getReserveData and
/// getPriceOracle; balances and prices), GMX 2 (positions; getMarket); they overlap, so a cold read takes 4. A newly
/// received NFT in a known pool costs 3 rounds at the same block, a newly listed Aave reserve 3, a GMX market never
/// seen 2.</para>
/// <para><b>Errors.</b> Calls go with allowFailure: a revert or a missing contract becomes the
/// <see cref="PositionReading.Error"/> of the positions that needed that call; an eth_call the node refuses fails the
/// calls it carried (and is listed in <see cref="PortfolioPositions.Errors"/>). Only the node itself failing
/// (<see cref="RpcUnavailableException"/>) fails the read.</para>
/// </remarks>
public sealed class PortfolioPositionsReader
{
    private readonly PositionDiscoveryCache _cache;
    private readonly MulticallRoundSender _sender;
    private readonly List<string> _profileErrors = [];

    /// <summary>Creates a reader for one chain.</summary>
    /// <param name="profile">The chain profile: tokens, feeds, protocol addresses; Multicall3 is required.</param>
    /// <param name="cache">Discovery cache; share one per process so steady-state reads take one round.</param>
    /// <param name="options">Limits and staleness margin; defaults when null.</param>
    /// <exception cref="ArgumentException">The profile has no valid Multicall3 address.</exception>
    public PortfolioPositionsReader(ChainProfile profile, PositionDiscoveryCache cache, PositionsReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(cache);
        if (!Address.TryParse(profile.Multicall3, out var multicall, out var error))
        {
            throw new ArgumentException($"chain profile '{profile.Name}' needs a Multicall3 address to read positions ({error ?? "missing"})", nameof(profile));
        }
        Profile = profile;
        Multicall = multicall;
        _cache = cache;
        Options = options ?? new PositionsReaderOptions();
        if (Options.MaxCallsPerMulticall < 1 || Options.MaxBytesPerMulticall < 1024 || Options.MaxCallsPerHttpBatch < 1 || Options.MaxRequestBytes < 1024
            || Options.MaxConcurrentRequests < 1 || Options.MaxRounds < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "limits must be positive (byte limits at least 1 KiB)");
        }
        _sender = new MulticallRoundSender(multicall, Options);

        // Parsed once: EIP-55 validation hashes, and every read needs them. A bad address is reported on every snapshot.
        foreach (var token in profile.Tokens)
        {
            if (Parse(token.Address, $"token {token.Symbol}") is { } address) Tokens.Add((token, address));
        }
        if (profile.AaveV3 is { } aave) AavePool = Parse(aave.Pool, "aaveV3.pool");
        if (profile.UniswapV3 is { } uni)
        {
            UniswapFactory = Parse(uni.Factory, "uniswapV3.factory");
            UniswapManager = Parse(uni.PositionManager, "uniswapV3.positionManager");
        }
        if (profile.GmxV2 is { } gmx)
        {
            GmxReader = Parse(gmx.Reader, "gmxV2.reader");
            GmxDataStore = Parse(gmx.DataStore, "gmxV2.dataStore");
        }
        OTokens = profile.OTokens.Select((o, i) => Parse(o, $"oTokens[{i}]")).OfType<Address>().ToList();
    }

    internal ChainProfile Profile { get; }
    internal PositionsReaderOptions Options { get; }
    internal Address Multicall { get; }
    internal List<(TokenProfile Token, Address Address)> Tokens { get; } = [];
    internal Address? AavePool { get; }
    internal Address? UniswapFactory { get; }
    internal Address? UniswapManager { get; }
    internal Address? GmxReader { get; }
    internal Address? GmxDataStore { get; }
    internal IReadOnlyList<Address> OTokens { get; }
    internal PositionDiscoveryCache Cache => _cache;
    internal IReadOnlyList<string> ProfileErrors => _profileErrors;

    private Address? Parse(string? text, string what)
    {
        if (Address.TryParse(text, out var address, out var error)) return address;
        _profileErrors.Add($"chain profile '{Profile.Name}' {what}: '{text}' is not an address ({error}); skipped");
        return null;
    }

    /// <summary>Reads one portfolio's snapshot.</summary>
    /// <param name="eth">Client of the chain's node.</param>
    /// <param name="owners">The portfolio's addresses.</param>
    /// <param name="block">A block number, or <see cref="BlockParameter.Latest"/> (then pinned to the latest block at the first round).</param>
    /// <param name="ct">Cancels the read.</param>
    /// <exception cref="RpcUnavailableException">The node could not be reached.</exception>
    public async Task<PortfolioPositions> ReadAsync(EthClient eth, IReadOnlyList<Address> owners, BlockParameter block, CancellationToken ct = default) =>
        (await ReadManyAsync(eth, [owners], block, ct).ConfigureAwait(false))[0];

    /// <summary>
    /// Reads several portfolios' snapshots at one block in one read: each distinct address once, every round of all of
    /// them together (see the remarks of this class).
    /// </summary>
    /// <param name="eth">Client of the chain's node.</param>
    /// <param name="portfolios">Each portfolio's addresses.</param>
    /// <param name="block">A block number, or <see cref="BlockParameter.Latest"/> (then pinned at the first round).</param>
    /// <param name="ct">Cancels the read.</param>
    /// <param name="onReady">
    /// Called with a portfolio's index and snapshot as soon as all its addresses settled (after the round that settled
    /// them; in the steady state, all after the first), on the reading thread: hand long work elsewhere.
    /// </param>
    /// <returns>The snapshots, in the order of <paramref name="portfolios"/>.</returns>
    /// <exception cref="RpcUnavailableException">The node could not be reached.</exception>
    public async Task<IReadOnlyList<PortfolioPositions>> ReadManyAsync(
        EthClient eth, IReadOnlyList<IReadOnlyList<Address>> portfolios, BlockParameter block, CancellationToken ct = default,
        Action<int, PortfolioPositions>? onReady = null)
    {
        ArgumentNullException.ThrowIfNull(eth);
        ArgumentNullException.ThrowIfNull(portfolios);
        // One read at a time per reader: adapters and the steady plan are reused from block to block.
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await ReadManyLockedAsync(eth, portfolios, block, onReady, ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private readonly SemaphoreSlim _gate = new(1, 1);
    private SteadyPlan? _steady;

    /// <summary>
    /// The first round of a block in which every address settled at once: the same addresses at the same discovery
    /// (cache versions) plan exactly the same calls, so the next block sends this batch again — its calldata already
    /// encoded — without planning, and the adapters keep the indices they planned.
    /// </summary>
    private sealed record SteadyPlan(Address[] Addresses, long CacheVersion, long AggregatorVersion, BlockContextRead Context,
        Dictionary<Address, AddressRead> Reads, MulticallBatch Batch, int ContextCalls);

    private async Task<IReadOnlyList<PortfolioPositions>> ReadManyLockedAsync(
        EthClient eth, IReadOnlyList<IReadOnlyList<Address>> portfolios, BlockParameter block, Action<int, PortfolioPositions>? onReady, CancellationToken ct)
    {
        var owners = portfolios.Select(p => p.Distinct().ToList()).ToList();
        var distinct = owners.SelectMany(o => o).Distinct().ToArray();
        long cacheVersion = _cache.Version, aggregatorVersion = ChainlinkAggregatorCache.Shared.Version;
        Dictionary<Address, AddressRead> addresses;
        BlockContextRead context;
        MulticallBatch? steadyBatch = null;
        int contextCalls = 0;
        if (_steady is { } steady && steady.CacheVersion == cacheVersion && steady.AggregatorVersion == aggregatorVersion
            && steady.Addresses.AsSpan().SequenceEqual(distinct))
        {
            (addresses, context, steadyBatch, contextCalls) = (steady.Reads, steady.Context, steady.Batch, steady.ContextCalls);
            foreach (var read in addresses.Values) read.StartBlock();
            context.StartBlock(block);
        }
        else
        {
            _steady = null;
            addresses = distinct.ToDictionary(a => a, a => new AddressRead(this, a));
            context = new BlockContextRead(this, block);
        }
        var results = new PortfolioPositions?[portfolios.Count];
        var errors = new List<string>(_profileErrors);
        int roundTrips = 0, httpRequests = 0;
        MulticallBatch? firstBatch = null;

        for (int round = 1; ; round++)
        {
            var active = addresses.Values.Where(a => a.Pending.Count > 0).ToList();
            if (active.Count == 0 && context.Context is not null) break;
            if (round > Options.MaxRounds)
            {
                foreach (var read in active) read.GiveUp(Options.MaxRounds, context.Block, context.Context?.BlockNumber ?? 0);
                break;
            }

            MulticallBatch batch;
            if (round == 1 && steadyBatch is not null)
            {
                batch = steadyBatch;
                foreach (var read in active) read.Replan();
            }
            else
            {
                batch = new MulticallBatch();
                if (round == 1)
                {
                    context.Plan(batch);
                    contextCalls = batch.Requested;
                }
                foreach (var read in active) read.Plan(batch);
            }
            firstBatch ??= batch;
            var sent = await _sender.SendAsync(eth.Transport, batch, context.Block, ct).ConfigureAwait(false);
            roundTrips++;
            httpRequests += sent.HttpRequests;
            errors.AddRange(sent.Errors);
            if (round == 1) context.Read(sent.Outcomes);
            // Addresses read independently (the discovery cache is concurrent): on all cores, while the node is idle.
            Parallel.ForEach(active, read => read.Read(sent.Outcomes, context.Context!));

            Complete(onReady, owners, addresses, context, results, errors, roundTrips, httpRequests, contextCalls);
        }
        Complete(onReady, owners, addresses, context, results, errors, roundTrips, httpRequests, contextCalls);

        bool settledAtOnce = roundTrips == 1 && addresses.Values.All(a => a.Errors.Count == 0);
        _steady = settledAtOnce && firstBatch is not null && _cache.Version == cacheVersion && ChainlinkAggregatorCache.Shared.Version == aggregatorVersion
            ? new SteadyPlan(distinct, cacheVersion, aggregatorVersion, context, addresses, firstBatch, contextCalls)
            : null;
        return results.Select(r => r!).ToList();
    }

    /// <summary>Builds (and announces) the snapshot of every portfolio whose addresses have all settled.</summary>
    private static void Complete(Action<int, PortfolioPositions>? onReady, List<List<Address>> owners, Dictionary<Address, AddressRead> addresses,
        BlockContextRead context, PortfolioPositions?[] results, List<string> errors, int roundTrips, int httpRequests, int contextCalls)
    {
        var reserves = addresses.Values.Select(a => a.AaveReserves).FirstOrDefault(r => r.Count > 0) ?? [];
        for (int i = 0; i < owners.Count; i++)
        {
            if (results[i] is not null || owners[i].Any(a => addresses[a].Pending.Count > 0)) continue;
            var reads = owners[i].Select(a => addresses[a]).ToList();
            var positions = reads.SelectMany(r => r.Positions).OrderBy(p => ProtocolOrder(p.Protocol)).ToList();
            var portfolioErrors = errors.Concat(context.Errors).Concat(reads.SelectMany(r => r.Errors)).ToList();
            var cost = new ReadCost(Math.Max(1, reads.Select(r => r.Rounds).DefaultIfEmpty(1).Max()), roundTrips, httpRequests, contextCalls + reads.Sum(r => r.Calls));
            var ctx = context.Context!;
            results[i] = new PortfolioPositions(ctx.Chain, ctx.BlockNumber, ctx.BlockTime, owners[i], positions, ctx.Prices, reserves, portfolioErrors, cost);
            onReady?.Invoke(i, results[i]!);
        }
    }

    // Adapters settle in any order; present the protocols in a fixed one, positions in read order within each.
    private static readonly string[] Order = [PositionProtocols.Spot, PositionProtocols.AaveV3, PositionProtocols.UniswapV3, PositionProtocols.GmxV2, PositionProtocols.OpynGamma];

    private static int ProtocolOrder(string protocol) => Array.IndexOf(Order, protocol);
}
