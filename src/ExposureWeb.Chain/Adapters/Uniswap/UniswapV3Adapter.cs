using System.Numerics;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Protocols.UniswapV3;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Protocols;

namespace ExposureWeb.Chain.Adapters.Uniswap;

/// <summary>
/// Uniswap v3 liquidity positions: one <see cref="UniswapV3Position"/> per position NFT of each owner.
/// </summary>
/// <remarks>
/// <para>Per round, for each owner: the position manager's balanceOf and tokenOfOwnerByIndex of every index the cache
/// knows plus one beyond it (four for an owner never read), positions(id) of every known id, and the slot0 of the
/// known pool of each (of every known pool of the factory while some id's pool is not known yet). The chain of
/// dependencies (balance → ids → positions → getPool → slot0) is planned from the
/// <see cref="PositionDiscoveryCache"/>; the balance, the ids and each position's (token0, token1, fee) are re-read
/// every round, so a new, burnt or transferred NFT costs extra rounds at the same block only when it happens (one NFT
/// received into a known pool: one extra round). A pool address, once the factory gave one, never changes and is not
/// re-read.</para>
/// <para>Amounts use Risk's <see cref="UniswapV3Math"/> (whitepaper §6.2–6.3) on the raw √price and liquidity, then
/// each token's on-chain decimals. In range means tickLower ≤ slot0.tick &lt; tickUpper, as the pool counts active
/// liquidity. Uncollected fees are what <c>collect</c> would pay: tokensOwed plus the fee growth inside the range since
/// the position was last poked (the pool's feeGrowthGlobal0/1X128 and its two ticks' outside values, read with slot0;
/// Risk's <see cref="UniswapV3Fees"/>). A position's range is cached once read, so its ticks are planned with its
/// pool's slot0; a position seen for the first time costs one more round for them.</para>
/// <para><see cref="PositionReading.Decoded"/>: <c>amount0</c>, <c>amount1</c> (whole tokens), <c>price</c> (whole
/// token1 per whole token0), <c>tick</c>, <c>tickLower</c>, <c>tickUpper</c>, <c>liquidity</c> (raw),
/// <c>feesOwed0</c>, <c>feesOwed1</c> (whole tokens: uncollected fees incl. tokensOwed).</para>
/// </remarks>
public sealed class UniswapV3Adapter : IPositionAdapter
{
    /// <summary>An owner with more position NFTs than this is reported as an error rather than enumerated.</summary>
    public const int MaxNftsPerOwner = 10_000;

    /// <summary>tokenOfOwnerByIndex calls made for an owner never read before, before balanceOf says how many there are.</summary>
    private const int ColdIndexes = 4;

    private readonly string _chain;
    private readonly Address _factory;
    private readonly Address _manager;
    private readonly IReadOnlyList<Address> _owners;
    private readonly PositionDiscoveryCache _cache;

    private readonly Dictionary<Address, (OwnerNfts Planned, int Balance, int[] Ids)> _ownerIndex = [];
    private readonly Dictionary<BigInteger, (int Positions, UniswapPoolKey? Key, Address? Pool)> _positionIndex = [];
    private readonly Dictionary<Address, int> _slot0Index = [];
    private readonly Dictionary<UniswapPoolKey, int> _getPoolIndex = [];
    private readonly Dictionary<BigInteger, Address> _resolvedPool = [];
    private readonly Dictionary<Address, (int Global0, int Global1)> _feeGrowthIndex = [];
    private readonly Dictionary<(Address Pool, int Tick), int> _tickIndex = [];
    private readonly HashSet<BigInteger> _rangePlanned = [];

    /// <summary>Creates the adapter for one factory and position manager and a set of owners.</summary>
    public UniswapV3Adapter(string chain, Address factory, Address positionManager, IReadOnlyList<Address> owners, PositionDiscoveryCache cache)
    {
        _chain = chain;
        _factory = factory;
        _manager = positionManager;
        _owners = owners;
        _cache = cache;
    }

    /// <inheritdoc />
    public string Protocol => PositionProtocols.UniswapV3;

    /// <inheritdoc />
    public void Plan(MulticallBatch batch)
    {
        _ownerIndex.Clear();
        _positionIndex.Clear();
        _slot0Index.Clear();
        _getPoolIndex.Clear();
        _resolvedPool.Clear();
        _feeGrowthIndex.Clear();
        _tickIndex.Clear();
        _rangePlanned.Clear();
        bool unknownKey = false;
        foreach (var owner in _owners)
        {
            var nfts = _cache.Nfts(_chain, _manager, owner);
            int balance = batch.Add(_manager, new BalanceOfFunction { Owner = owner.ToLowerHex() });
            // One index beyond the known count (a few on a cold cache) so that a newly received NFT's id is read in the
            // same round as the balance that reveals it; out-of-range indexes just revert.
            int speculative = ReferenceEquals(nfts, OwnerNfts.Unknown) ? ColdIndexes : 1;
            var ids = new int[nfts.Count + speculative];
            for (int i = 0; i < ids.Length; i++) ids[i] = batch.Add(_manager, new TokenOfOwnerByIndexFunction { Owner = owner.ToLowerHex(), Index = i });
            _ownerIndex[owner] = (nfts, balance, ids);

            foreach (var id in nfts.Ids)
            {
                if (id is not { } tokenId || _positionIndex.ContainsKey(tokenId)) continue;
                var key = _cache.NftPool(_chain, _manager, tokenId);
                var known = key is { } pk ? _cache.Pool(_chain, _factory, pk) : null;
                _positionIndex[tokenId] = (batch.Add(_manager, new PositionsFunction { TokenId = tokenId }), key, known);
                if (key is not { } k)
                {
                    unknownKey = true;
                    continue;
                }
                if (known is { } pool)
                {
                    PlanPool(batch, pool);
                    if (_cache.NftRange(_chain, _manager, tokenId) is { } range) PlanRange(batch, pool, tokenId, range);
                }
                else if (!_getPoolIndex.ContainsKey(k))
                {
                    _getPoolIndex[k] = batch.Add(_factory, new GetPoolFunction { TokenA = k.Token0.ToLowerHex(), TokenB = k.Token1.ToLowerHex(), Fee = (uint)k.Fee });
                }
            }
        }

        // A position read for the first time is most likely in a pool already known: read those pools' slot0 now, so
        // that the position settles in this round instead of the next.
        if (unknownKey)
        {
            foreach (var pool in _cache.Pools(_chain, _factory)) PlanPool(batch, pool);
        }
    }

    /// <summary>The pool's slot0 and fee growth globals, once per round.</summary>
    private void PlanPool(MulticallBatch batch, Address pool)
    {
        if (_slot0Index.ContainsKey(pool)) return;
        _slot0Index[pool] = batch.Add(pool, new Slot0Function());
        _feeGrowthIndex[pool] = (batch.Add(pool, new FeeGrowthGlobal0X128Function()), batch.Add(pool, new FeeGrowthGlobal1X128Function()));
    }

    /// <summary>The two ticks of a position's range, whose outside fee growth its uncollected fees need.</summary>
    private void PlanRange(MulticallBatch batch, Address pool, BigInteger tokenId, (int Lower, int Upper) range)
    {
        foreach (var tick in new[] { range.Lower, range.Upper })
        {
            if (!_tickIndex.ContainsKey((pool, tick))) _tickIndex[(pool, tick)] = batch.Add(pool, new TicksFunction { Tick = tick });
        }
        _rangePlanned.Add(tokenId);
    }

    /// <inheritdoc />
    public AdapterRead Read(IReadOnlyList<CallOutcome> results, SnapshotContext context)
    {
        bool stale = false;
        var ownerErrors = new Dictionary<Address, string>();
        foreach (var (owner, (planned, balanceIndex, idIndexes)) in _ownerIndex)
        {
            if (!results[balanceIndex].TryDecode<BalanceOfOutput>(out var b, out var error))
            {
                ownerErrors[owner] = $"balanceOf({owner}) on position manager {_manager}: {error}";
                continue;
            }
            var count = b.Balance;
            if (count > MaxNftsPerOwner)
            {
                ownerErrors[owner] = $"balanceOf({owner}) on position manager {_manager} is {count}: more than {MaxNftsPerOwner} NFTs to enumerate";
                continue;
            }
            var ids = new BigInteger?[(int)count];
            for (int i = 0; i < ids.Length && i < idIndexes.Length; i++)
            {
                ids[i] = results[idIndexes[i]].TryDecode<TokenIdOutput>(out var id, out _) ? id.TokenId : null;
            }
            if (ids.Length != planned.Count || !ids.SequenceEqual(planned.Ids))
            {
                _cache.SetNfts(_chain, _manager, owner, new OwnerNfts(ids.Length, ids));
                stale = true;
            }
        }

        foreach (var (tokenId, (index, plannedKey, plannedPool)) in _positionIndex)
        {
            if (!results[index].TryDecode<PositionOutput>(out var p, out _)) continue; // reported per position below
            var key = PoolKey(p);
            if (key != plannedKey) _cache.SetNftPool(_chain, _manager, tokenId, key);
            if (_cache.NftRange(_chain, _manager, tokenId) is null) _cache.SetNftRange(_chain, _manager, tokenId, (p.TickLower, p.TickUpper));
            // The pool must be one whose slot0 this round read; anything else needs another round.
            var pool = key == plannedKey ? plannedPool : _cache.Pool(_chain, _factory, key);
            if (pool is { } known)
            {
                if (_slot0Index.ContainsKey(known)) _resolvedPool[tokenId] = known;
                else stale = true;
                stale |= !_rangePlanned.Contains(tokenId); // its fees need the range's ticks: read them next round
            }
            else if (_getPoolIndex.TryGetValue(key, out var gi))
            {
                if (results[gi].TryDecode<PoolAddressOutput>(out var found, out _) && Address.Parse(found.Pool) is var foundPool && foundPool != Address.Zero)
                {
                    _cache.SetPool(_chain, _factory, key, foundPool);
                    stale = true;
                }
                // else: no pool, or getPool failed: settled, reported on the position.
            }
            else stale = true; // key just learned: getPool next round
        }

        if (stale) return AdapterRead.Again;

        var readings = new List<PositionReading>();
        foreach (var (owner, (planned, _, idIndexes)) in _ownerIndex)
        {
            if (ownerErrors.TryGetValue(owner, out var ownerError))
            {
                readings.Add(Failed(context, owner, $"{Protocol}:{_chain}:{_manager}:{owner}", new RawValues().Add("owner", owner), ownerError));
                continue;
            }
            for (int i = 0; i < planned.Ids.Count; i++)
            {
                if (planned.Ids[i] is { } tokenId)
                {
                    readings.Add(ReadPosition(results, context, owner, tokenId));
                    continue;
                }
                results[idIndexes[i]].TryDecode<TokenIdOutput>(out _, out var error);
                readings.Add(Failed(context, owner, $"{Protocol}:{_chain}:{_manager}:{owner}#{i}", new RawValues().Add("owner", owner).Add("index", i),
                    $"tokenOfOwnerByIndex({owner}, {i}) on position manager {_manager}: {error}"));
            }
        }
        return AdapterRead.Done(readings);
    }

    private PositionReading ReadPosition(IReadOnlyList<CallOutcome> results, SnapshotContext context, Address owner, BigInteger tokenId)
    {
        string id = $"{Protocol}:{_chain}:{_manager}:{tokenId}";
        var raw = new RawValues().Add("tokenId", tokenId);
        // Everything below uses what this round planned and read, not the cache, which concurrent snapshots may move on.
        var (index, _, _) = _positionIndex[tokenId];
        if (!results[index].TryDecode<PositionOutput>(out var p, out var error))
        {
            return Failed(context, owner, id, raw, $"positions({tokenId}) on position manager {_manager}: {error}");
        }
        raw.AddOutputs("", p);
        var k = PoolKey(p);
        if (!_resolvedPool.TryGetValue(tokenId, out var poolAddress))
        {
            string why = _getPoolIndex.TryGetValue(k, out var gi) && !results[gi].TryDecode<PoolAddressOutput>(out _, out var poolError)
                ? $"getPool on factory {_factory}: {poolError}"
                : $"factory {_factory} has no pool for {k.Token0}/{k.Token1} fee {k.Fee}";
            return Failed(context, owner, id, raw, why);
        }
        raw.Add("pool", poolAddress);
        if (!results[_slot0Index[poolAddress]].TryDecode<Slot0Output>(out var slot0, out var slotError))
        {
            return Failed(context, owner, id, raw, $"slot0() on pool {poolAddress}: {slotError}");
        }
        raw.AddOutputs("slot0.", slot0);

        var missing = new List<string>();
        if (!context.TryGetToken(k.Token0, out var token0)) missing.Add(context.UnknownToken(k.Token0, "token0"));
        if (!context.TryGetToken(k.Token1, out var token1)) missing.Add(context.UnknownToken(k.Token1, "token1"));
        if (token0 is null || token1 is null) return Failed(context, owner, id, raw, string.Join("; ", missing), [token0?.Underlying, token1?.Underlying]);

        int tickLower = p.TickLower, tickUpper = p.TickUpper, tick = slot0.Tick;
        var liquidity = p.Liquidity;
        var sqrtPriceX96 = slot0.SqrtPriceX96;
        UniswapV3Amounts amounts;
        double rawPrice;
        try
        {
            rawPrice = UniswapV3Math.SqrtPriceX96ToPrice(sqrtPriceX96);
            amounts = UniswapV3Math.Amounts((double)liquidity, Math.Sqrt(rawPrice), UniswapV3Math.TickToSqrtPrice(tickLower), UniswapV3Math.TickToSqrtPrice(tickUpper));
        }
        catch (ArgumentException ex)
        {
            return Failed(context, owner, id, raw, $"position {tokenId} cannot be valued: {ex.Message}", [token0.Underlying, token1.Underlying]);
        }

        if (!TryUncollectedFees(results, poolAddress, p, tick, out var fees0, out var fees1, out var feeError))
        {
            return Failed(context, owner, id, raw, $"uncollected fees of position {tokenId} on pool {poolAddress}: {feeError}", [token0.Underlying, token1.Underlying]);
        }
        raw.Add("uncollected0", fees0).Add("uncollected1", fees1);
        double feesOwed0 = TokenAmount.ToUnits(fees0, token0.Decimals), feesOwed1 = TokenAmount.ToUnits(fees1, token1.Decimals);
        var instrument = new UniswapV3Position(token0.Underlying, token1.Underlying, token0.Decimals, token1.Decimals, (double)liquidity, tickLower, tickUpper,
            rawPrice, feesOwed0, feesOwed1);
        string marker = tick < tickLower ? PositionMarkers.BelowRange : tick >= tickUpper ? PositionMarkers.AboveRange : PositionMarkers.InRange;
        return new PositionReading(Protocol, _chain, owner, _manager, context.BlockNumber, id, [token0.Underlying, token1.Underlying], instrument, raw.Build(), null)
        {
            Markers = [marker],
            Decoded = new Dictionary<string, double>
            {
                ["amount0"] = amounts.Amount0 / Math.Pow(10, token0.Decimals),
                ["amount1"] = amounts.Amount1 / Math.Pow(10, token1.Decimals),
                ["price"] = UniswapV3Math.HumanPrice(rawPrice, token0.Decimals, token1.Decimals),
                ["tick"] = tick,
                ["tickLower"] = tickLower,
                ["tickUpper"] = tickUpper,
                ["liquidity"] = (double)liquidity,
                ["feesOwed0"] = feesOwed0,
                ["feesOwed1"] = feesOwed1,
            },
        };
    }

    /// <summary>What <c>collect</c> would pay the owner now, in raw token0 and token1 (see <see cref="UniswapV3Fees"/>).</summary>
    private bool TryUncollectedFees(IReadOnlyList<CallOutcome> results, Address pool, PositionOutput p, int tick,
        out BigInteger fees0, out BigInteger fees1, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        fees0 = fees1 = BigInteger.Zero;
        var (g0, g1) = _feeGrowthIndex[pool];
        if (!results[g0].TryDecode<FeeGrowthOutput>(out var global0, out error) || !results[g1].TryDecode<FeeGrowthOutput>(out var global1, out error)) return false;
        if (!_tickIndex.TryGetValue((pool, p.TickLower), out var li) || !_tickIndex.TryGetValue((pool, p.TickUpper), out var ui))
        {
            error = "the range's ticks were not read";
            return false;
        }
        if (!results[li].TryDecode<TickInfoOutput>(out var lower, out error) || !results[ui].TryDecode<TickInfoOutput>(out var upper, out error)) return false;
        var inside0 = UniswapV3Fees.FeeGrowthInside(global0.FeeGrowth, lower.FeeGrowthOutside0X128, upper.FeeGrowthOutside0X128, p.TickLower, p.TickUpper, tick);
        var inside1 = UniswapV3Fees.FeeGrowthInside(global1.FeeGrowth, lower.FeeGrowthOutside1X128, upper.FeeGrowthOutside1X128, p.TickLower, p.TickUpper, tick);
        fees0 = UniswapV3Fees.Uncollected(p.TokensOwed0, p.Liquidity, inside0, p.FeeGrowthInside0LastX128);
        fees1 = UniswapV3Fees.Uncollected(p.TokensOwed1, p.Liquidity, inside1, p.FeeGrowthInside1LastX128);
        return true;
    }

    private static UniswapPoolKey PoolKey(PositionOutput p) => new(Address.Parse(p.Token0), Address.Parse(p.Token1), (int)p.Fee);

    private PositionReading Failed(SnapshotContext context, Address owner, string id, RawValues raw, string error, IEnumerable<string?>? underlyings = null) =>
        new(Protocol, _chain, owner, _manager, context.BlockNumber, id, (underlyings ?? []).OfType<string>().ToList(), null, raw.Build(), error);
}
