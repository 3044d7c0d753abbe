using System.Numerics;
using System.Text.Json;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Adapters.Aave;
using ExposureWeb.Chain.Adapters.Chainlink;
using ExposureWeb.Chain.Adapters.Gmx;
using ExposureWeb.Chain.Adapters.Options;
using ExposureWeb.Chain.Adapters.Spot;
using ExposureWeb.Chain.Adapters.Uniswap;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Protocols.Multicall3;
using RiskPortfolio = ExposureWeb.Risk.Instruments.Portfolio;
using RiskPosition = ExposureWeb.Risk.Instruments.Position;

namespace ExposureWeb.Chain.Adapters;

/// <summary>What one read cost.</summary>
/// <param name="Rounds">Multicall rounds this portfolio needed (1 in the steady state).</param>
/// <param name="RoundTrips">
/// Round trips to the node one after the other for the whole read: one per round of the slowest portfolio (for
/// <see cref="PortfolioPositionsReader.ReadManyAsync"/>: shared by every portfolio of the call).
/// </param>
/// <param name="HttpRequests">JSON-RPC requests sent for the whole read (more than the round trips only when a round is split into concurrent batches).</param>
/// <param name="Calls">Contract calls made for this portfolio, summed over its rounds.</param>
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
    /// Most calls per aggregate3; a larger round is split into several eth_calls sent in one JSON-RPC batch (still one
    /// round trip), so that no single eth_call runs into the node's gas cap. Default 500.
    /// </summary>
    public int MaxCallsPerMulticall { get; init; } = 500;

    /// <summary>
    /// Most eth_calls per JSON-RPC batch when several portfolios (or chunks) are read in one round; larger rounds are
    /// sent as several batches at once. Default 16.
    /// </summary>
    public int MaxCallsPerHttpBatch { get; init; } = 16;

    /// <summary>Rounds after which discovery that still changes is given up (its positions become errors); default 8.</summary>
    public int MaxRounds { get; init; } = 8;
}

/// <summary>
/// Reads portfolios' whole snapshots — spot balances, Chainlink prices, Aave v3 accounts, Uniswap v3 positions, GMX v2
/// perps and Opyn oTokens of all their addresses — pinned to one block, in as few JSON-RPC round trips as possible,
/// with per-position errors.
/// </summary>
/// <remarks>
/// <para><b>Round trips.</b> A snapshot is read in rounds. A round is one Multicall3 <c>aggregate3</c> eth_call per
/// portfolio (split into several eth_calls in one JSON-RPC batch when it exceeds
/// <see cref="PositionsReaderOptions.MaxCallsPerMulticall"/>); <see cref="ReadManyAsync"/> sends the rounds of many
/// portfolios together in one JSON-RPC batch. So one round is one round trip.</para>
/// <para><b>Pinning.</b> The first round runs at the requested block, or at <c>latest</c>, and reads Multicall3's
/// getBlockNumber and getCurrentBlockTimestamp in the same eth_call; every later round is pinned to that number. No
/// separate eth_blockNumber or eth_getBlockByNumber is needed.</para>
/// <para><b>Dependent reads.</b> Some calls need the answer of others: NFT ids → positions → pool → slot0; reserves
/// list → reserve data → aToken balances; addresses provider → oracle → prices; position → GMX market. The
/// <see cref="PositionDiscoveryCache"/> keeps those answers (per chain, contract and owner), so a round plans the
/// whole chain at once. The discovery calls are repeated in every round, and each adapter compares what they returned
/// with what it planned from: equal (the steady state) → it settles in that round; different (an NFT minted, a
/// reserve listed, the oracle replaced) → it updates the cache and takes another round at the same block. Protocols
/// that settled keep their results; only the others are planned again.</para>
/// <para><b>Counts</b> (measured on the demo, tests/ExposureWeb.Chain.Tests/Adapters): steady state, 1 round trip per
/// block per portfolio (per group with ReadManyAsync), about 120 calls for three addresses holding every kind. A cold
/// cache needs one round per dependency level: Uniswap 4 (balanceOf with a few speculative tokenOfOwnerByIndex;
/// positions; getPool; slot0), Aave 3 (getReservesList; getReserveData and getPriceOracle; balances and prices), GMX 2
/// (positions; getMarket); the protocols' rounds overlap, so a cold read takes 4. Changes cost only the levels below
/// them, at the same block: a newly received NFT in a known pool 2 rounds (one speculative tokenOfOwnerByIndex past the
/// known count names it in round 1; round 2 reads its position with the slot0 of every known pool), in a new pool 4; a
/// newly listed Aave reserve 3; a GMX market never seen 2.</para>
/// <para><b>Errors.</b> Calls go with allowFailure: a revert or a missing contract becomes the
/// <see cref="PositionReading.Error"/> of the positions that needed that call. Only the node itself failing
/// (<see cref="RpcUnavailableException"/>) fails the read.</para>
/// </remarks>
public sealed class PortfolioPositionsReader
{
    private readonly ChainProfile _profile;
    private readonly PositionDiscoveryCache _cache;
    private readonly PositionsReaderOptions _options;
    private readonly Address _multicall;
    private readonly List<(TokenProfile Token, Address Address)> _tokens = [];
    private readonly List<string> _profileErrors = [];
    private readonly Address? _aavePool, _uniswapFactory, _uniswapManager, _gmxReader, _gmxDataStore;
    private readonly List<Address> _oTokens;

    /// <summary>Creates a reader for one chain.</summary>
    /// <param name="profile">The chain profile: tokens, feeds, protocol addresses; Multicall3 is required.</param>
    /// <param name="cache">Discovery cache; share one per process so steady-state reads take one round.</param>
    /// <param name="options">Limits and staleness margin; defaults when null.</param>
    /// <exception cref="ArgumentException">The profile has no valid Multicall3 address.</exception>
    public PortfolioPositionsReader(ChainProfile profile, PositionDiscoveryCache cache, PositionsReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(cache);
        if (!Address.TryParse(profile.Multicall3, out _multicall, out var error))
        {
            throw new ArgumentException($"chain profile '{profile.Name}' needs a Multicall3 address to read positions ({error ?? "missing"})", nameof(profile));
        }
        _profile = profile;
        _cache = cache;
        _options = options ?? new PositionsReaderOptions();
        if (_options.MaxCallsPerMulticall < 1 || _options.MaxCallsPerHttpBatch < 1 || _options.MaxRounds < 1) throw new ArgumentOutOfRangeException(nameof(options), "limits must be positive");

        // Parsed once: EIP-55 validation hashes, and every read needs them. A bad address is reported on every snapshot.
        foreach (var token in profile.Tokens)
        {
            if (Parse(token.Address, $"token {token.Symbol}") is { } address) _tokens.Add((token, address));
        }
        if (profile.AaveV3 is { } aave) _aavePool = Parse(aave.Pool, "aaveV3.pool");
        if (profile.UniswapV3 is { } uni)
        {
            _uniswapFactory = Parse(uni.Factory, "uniswapV3.factory");
            _uniswapManager = Parse(uni.PositionManager, "uniswapV3.positionManager");
        }
        if (profile.GmxV2 is { } gmx)
        {
            _gmxReader = Parse(gmx.Reader, "gmxV2.reader");
            _gmxDataStore = Parse(gmx.DataStore, "gmxV2.dataStore");
        }
        _oTokens = profile.OTokens.Select((o, i) => Parse(o, $"oTokens[{i}]")).OfType<Address>().ToList();
    }

    private Address? Parse(string? text, string what)
    {
        if (Address.TryParse(text, out var address, out var error)) return address;
        _profileErrors.Add($"chain profile '{_profile.Name}' {what}: '{text}' is not an address ({error}); skipped");
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
    /// Reads several portfolios' snapshots at once: each round sends every portfolio's multicall in one JSON-RPC batch,
    /// so the whole set costs as many round trips as its slowest portfolio needs rounds. With
    /// <see cref="BlockParameter.Latest"/> each portfolio is pinned to the block its first eth_call ran at (the same one
    /// unless a block arrives while the node works through the batch; <see cref="PortfolioPositions.BlockNumber"/> says).
    /// </summary>
    /// <exception cref="RpcUnavailableException">The node could not be reached.</exception>
    public async Task<IReadOnlyList<PortfolioPositions>> ReadManyAsync(
        EthClient eth, IReadOnlyList<IReadOnlyList<Address>> portfolios, BlockParameter block, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(eth);
        ArgumentNullException.ThrowIfNull(portfolios);
        var reads = portfolios.Select(owners => new SnapshotRead(this, owners.Distinct().ToList(), block)).ToList();
        int roundTrips = 0, httpRequests = 0;
        for (int round = 1; ; round++)
        {
            var active = reads.Where(r => r.Pending.Count > 0).ToList();
            if (active.Count == 0) break;
            if (round > _options.MaxRounds)
            {
                foreach (var read in active) read.GiveUp(_options.MaxRounds);
                break;
            }

            var batches = active.Select(r => r.Plan(round)).ToList();
            var (outcomes, requests) = await ExecuteAsync(eth, batches, active.Select(r => r.Block).ToList(), active, ct).ConfigureAwait(false);
            roundTrips++;
            httpRequests += requests;
            for (int i = 0; i < active.Count; i++) active[i].Read(round, outcomes[i]);
        }
        return reads.Select(r => r.Result(roundTrips, httpRequests)).ToList();
    }

    /// <summary>
    /// One round trip for all <paramref name="batches"/>: a single eth_call when there is one chunk, else a JSON-RPC
    /// batch. An eth_call the node rejects (e.g. out of gas) fails every call of its chunk, reported on the read.
    /// </summary>
    private async Task<(IReadOnlyList<CallOutcome>[] Outcomes, int HttpRequests)> ExecuteAsync(
        EthClient eth, IReadOnlyList<MulticallBatch> batches, IReadOnlyList<BlockParameter> blocks, IReadOnlyList<SnapshotRead> reads, CancellationToken ct)
    {
        var requests = new List<RpcRequest>();
        var chunks = new List<(int Batch, int Start, int Count)>();
        for (int b = 0; b < batches.Count; b++)
        {
            var batch = batches[b];
            for (int start = 0; start < batch.Count; start += _options.MaxCallsPerMulticall)
            {
                int count = Math.Min(_options.MaxCallsPerMulticall, batch.Count - start);
                var call = new { to = _multicall, data = Hex.Encode(batch.EncodeAggregate3(start, count)) };
                requests.Add(RpcRequest.Create("eth_call", call, blocks[b].ToRpcString()));
                chunks.Add((b, start, count));
            }
        }

        var answers = await SendAsync(eth.Transport, requests, ct).ConfigureAwait(false);
        int httpRequests = requests.Count == 1 ? 1 : (requests.Count + _options.MaxCallsPerHttpBatch - 1) / _options.MaxCallsPerHttpBatch;

        var outcomes = batches.Select(b => new CallOutcome[b.Count]).ToArray();
        for (int i = 0; i < chunks.Count; i++)
        {
            var (b, start, count) = chunks[i];
            IReadOnlyList<CallOutcome> chunk;
            try
            {
                var answer = answers[i].GetResultOrThrow();
                if (answer.ValueKind != JsonValueKind.String) throw new FormatException($"eth_call result is {answer.ValueKind}, not data");
                chunk = MulticallBatch.DecodeAggregate3(RpcJson.ParseData(answer.GetString()), count);
            }
            catch (Exception ex) when (ex is RpcErrorException or FormatException or AbiDecodingException or InvalidOperationException)
            {
                reads[b].Errors.Add($"Multicall3 aggregate3 of {count} calls at block {blocks[b]} failed ({ex.Message}); each of its calls is reported as failed");
                chunk = Enumerable.Repeat(new CallOutcome(false, []), count).ToList();
            }
            for (int j = 0; j < count; j++) outcomes[b][start + j] = chunk[j];
        }
        return (outcomes, httpRequests);
    }

    /// <summary>
    /// The eth_calls of one round: a single call alone, otherwise JSON-RPC batches of at most
    /// <see cref="PositionsReaderOptions.MaxCallsPerHttpBatch"/> sent concurrently (nodes cap a request's size: anvil
    /// refuses a body of about 2 MB, some 30 multicalls of a three-address portfolio).
    /// </summary>
    private async Task<IReadOnlyList<RpcResult>> SendAsync(IRpcTransport transport, List<RpcRequest> requests, CancellationToken ct)
    {
        if (requests.Count == 1)
        {
            try
            {
                return [RpcResult.Success(requests[0], await transport.SendAsync(requests[0].Method, requests[0].Parameters, ct).ConfigureAwait(false))];
            }
            catch (RpcErrorException ex)
            {
                return [RpcResult.Failure(requests[0], ex.Error)];
            }
        }

        var parts = requests.Chunk(_options.MaxCallsPerHttpBatch).ToList();
        var answers = await Task.WhenAll(parts.Select(part => transport.SendBatchAsync(part, ct))).ConfigureAwait(false);
        return answers.SelectMany(a => a).ToList();
    }

    /// <summary>The adapters of one portfolio's snapshot and what they have read so far.</summary>
    private sealed class SnapshotRead
    {
        private readonly PortfolioPositionsReader _reader;
        private readonly IReadOnlyList<Address> _owners;
        private readonly List<PositionReading> _positions = [];
        private readonly AaveV3Adapter? _aave;
        private SnapshotContext? _context;
        private int _rounds, _calls;

        // First-round context calls.
        private int _blockNumberIndex, _timestampIndex;
        private readonly List<(TokenProfile Token, Address Address, int Index)> _decimalsIndex = [];
        private ChainlinkPriceAdapter? _prices;

        public SnapshotRead(PortfolioPositionsReader reader, IReadOnlyList<Address> owners, BlockParameter block)
        {
            _reader = reader;
            _owners = owners;
            Block = block;
            Errors.AddRange(reader._profileErrors);
            var profile = reader._profile;
            var cache = reader._cache;
            var adapters = new List<IPositionAdapter> { new SpotPositionsAdapter(profile, owners) };
            if (reader._aavePool is { } pool)
            {
                _aave = new AaveV3Adapter(profile.Name, pool, owners, cache);
                adapters.Add(_aave);
            }
            if (reader._uniswapFactory is { } factory && reader._uniswapManager is { } manager)
            {
                adapters.Add(new UniswapV3Adapter(profile.Name, factory, manager, owners, cache));
            }
            if (reader._gmxReader is { } gmxReader && reader._gmxDataStore is { } dataStore)
            {
                adapters.Add(new GmxV2Adapter(profile.Name, gmxReader, dataStore, owners, cache));
            }
            if (reader._oTokens.Count > 0) adapters.Add(new OTokenAdapter(profile.Name, reader._oTokens, owners));
            Pending = adapters;
        }

        public List<IPositionAdapter> Pending { get; }

        public BlockParameter Block { get; private set; }

        public List<string> Errors { get; } = [];

        public MulticallBatch Plan(int round)
        {
            var batch = new MulticallBatch();
            if (round == 1) PlanContext(batch);
            foreach (var adapter in Pending) adapter.Plan(batch);
            _rounds++;
            _calls += batch.Count;
            return batch;
        }

        public void Read(int round, IReadOnlyList<CallOutcome> results)
        {
            if (round == 1) _context = ReadContext(results);
            for (int i = Pending.Count - 1; i >= 0; i--)
            {
                var outcome = Pending[i].Read(results, _context!);
                if (!outcome.Settled) continue;
                _positions.AddRange(outcome.Positions);
                Pending.RemoveAt(i);
            }
        }

        public void GiveUp(int rounds)
        {
            foreach (var adapter in Pending)
            {
                Errors.Add($"{adapter.Protocol}: discovery still changing after {rounds} rounds at block {Block}; its positions were not read");
                foreach (var owner in _owners)
                {
                    _positions.Add(new PositionReading(adapter.Protocol, _reader._profile.Name, owner, Address.Zero, _context?.BlockNumber ?? 0,
                        $"{adapter.Protocol}:{_reader._profile.Name}:{owner}", [], null, new RawValues().Build(),
                        $"discovery still changing after {rounds} rounds; not read"));
                }
            }
            Pending.Clear();
        }

        public PortfolioPositions Result(int roundTrips, int httpRequests)
        {
            var context = _context!;
            // Adapters settle in any order; present the protocols in a fixed one, positions in read order within each.
            var order = new[] { PositionProtocols.Spot, PositionProtocols.AaveV3, PositionProtocols.UniswapV3, PositionProtocols.GmxV2, PositionProtocols.OpynGamma };
            var positions = _positions.OrderBy(p => Array.IndexOf(order, p.Protocol)).ToList();
            return new PortfolioPositions(context.Chain, context.BlockNumber, context.BlockTime, _owners, positions, context.Prices,
                _aave?.Reserves ?? [], Errors, new ReadCost(_rounds, roundTrips, httpRequests, _calls));
        }

        private void PlanContext(MulticallBatch batch)
        {
            var multicall = _reader._multicall;
            _blockNumberIndex = batch.Add(multicall, new GetBlockNumberFunction());
            _timestampIndex = batch.Add(multicall, new GetCurrentBlockTimestampFunction());
            _decimalsIndex.Clear();
            foreach (var (token, address) in _reader._tokens) _decimalsIndex.Add((token, address, batch.Add(address, new DecimalsFunction())));
            _prices = new ChainlinkPriceAdapter(_reader._profile, batch, _reader._options.StaleMargin);
        }

        private SnapshotContext ReadContext(IReadOnlyList<CallOutcome> results)
        {
            ulong number = Block.Number ?? 0;
            if (results[_blockNumberIndex].TryDecode<BlockNumberOutput>(out var n, out var error))
            {
                var read = (ulong)n.BlockNumber;
                if (Block.Number is { } requested && requested != read) Errors.Add($"asked for block {requested} but Multicall3 ran at {read}");
                number = read;
            }
            else if (Block.IsLatest) Errors.Add($"Multicall3 getBlockNumber(): {error}; later rounds run at 'latest'");
            if (number != 0) Block = BlockParameter.FromNumber(number);

            var time = DateTimeOffset.UnixEpoch;
            if (results[_timestampIndex].TryDecode<BlockTimestampOutput>(out var t, out error)) time = DateTimeOffset.FromUnixTimeSeconds((long)t.Timestamp);
            else Errors.Add($"Multicall3 getCurrentBlockTimestamp(): {error}; expiries and feed ages are judged against 1970");

            var tokens = new List<TokenInfo>();
            foreach (var (token, address, index) in _decimalsIndex)
            {
                int decimals = token.Decimals;
                if (results[index].TryDecode<DecimalsOutput>(out var d, out error))
                {
                    var onChain = (int)d.Decimals;
                    if (onChain != token.Decimals) Errors.Add($"{token.Symbol}: the profile says {token.Decimals} decimals but the token reports {onChain}; using {onChain}");
                    decimals = onChain;
                }
                else Errors.Add($"{token.Symbol} decimals(): {error}; using the profile's {token.Decimals}");
                tokens.Add(new TokenInfo(address, token.Symbol, token.Underlying, decimals));
            }

            var (quotes, priceErrors) = _prices!.Read(results, time);
            Errors.AddRange(priceErrors);
            return new SnapshotContext(_reader._profile, number, time, tokens, quotes);
        }
    }
}
