using System.Numerics;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Adapters.Aave;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Protocols.GmxV2;
using ExposureWeb.Chain.Protocols.Multicall3;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Risk.Governance;

namespace ExposureWeb.Chain.Governance;

/// <summary>
/// Reads every risk parameter of a chain profile's Aave v3 pool — each reserve's configuration, rate strategy and
/// oracle source, the oracle and the eMode categories the reserves use — into a <see cref="MarketParameters"/>, all
/// pinned to one block, in three round trips however large the market.
/// </summary>
/// <remarks>
/// <para><b>Rounds.</b> Each round is one <see cref="MulticallBatch"/> (aggregate3 with allowFailure) packed within
/// the <see cref="PositionsReaderOptions"/> limits and sent as concurrent HTTP requests, so a round is one round trip
/// whatever the number of reserves. Round 1: getReservesList, ADDRESSES_PROVIDER, Multicall3's getBlockNumber and
/// getCurrentBlockTimestamp. Round 2: getReserveData of every reserve and the provider's getPriceOracle. Round 3: the
/// oracle's BASE_CURRENCY_UNIT, each asset's price and source, each distinct rate strategy's four parameters and each
/// eMode category a reserve is in.</para>
/// <para><b>GMX v2, where configured.</b> When the profile has a gmxV2 section, its margin parameters ride in the same
/// rounds (<see cref="MarketParameters.Perps"/>): round 1 adds the Reader's <c>getMarkets(dataStore, 0, 1000)</c> and
/// the DataStore's global <c>MIN_COLLATERAL_USD</c>; round 2 each market's <c>MIN_COLLATERAL_FACTOR</c> and
/// <c>MAX_POSITION_IMPACT_FACTOR_FOR_LIQUIDATIONS</c> (<c>getUint</c> of GMX's keys). Still three round trips.</para>
/// <para><b>Pinning.</b> Round 1 runs at the requested block (or latest); rounds 2 and 3 run at the number round 1's
/// getBlockNumber returned, so every value belongs to that block even while the chain moves on.</para>
/// <para><b>Errors.</b> A call that reverts (or does not decode) is a line in <see cref="ParameterScan.Errors"/> and a
/// null field: the oracle, a price, a source, a rate strategy's parameters. A reserve whose getReserveData fails is
/// left out (its configuration is unknown). Only the node being unreachable (<see cref="RpcUnavailableException"/>)
/// throws.</para>
/// </remarks>
public sealed class AaveParameterScanner
{
    /// <summary>The <see cref="MarketParameters.Protocol"/> this scanner writes.</summary>
    public const string Protocol = "aave-v3";

    private readonly PositionsReaderOptions _options;

    /// <summary>Creates a scanner.</summary>
    /// <param name="options">The node's limits per eth_call and per HTTP request (the positions reader's); defaults when null.</param>
    public AaveParameterScanner(PositionsReaderOptions? options = null) => _options = options ?? new PositionsReaderOptions();

    /// <summary>Scans the Aave v3 market of <paramref name="chain"/>.</summary>
    /// <param name="eth">Client of the chain's node.</param>
    /// <param name="chain">The profile: aaveV3.pool and multicall3 are required; token symbols label the reserves.</param>
    /// <param name="block">A block number, or <see cref="BlockParameter.Latest"/> (then pinned at the first round).</param>
    /// <param name="ct">Cancels the scan.</param>
    /// <exception cref="ArgumentException">The profile has no Aave v3 pool or no Multicall3 address.</exception>
    /// <exception cref="RpcUnavailableException">The node could not be reached.</exception>
    public async Task<ParameterScan> ScanAsync(EthClient eth, ChainProfile chain, BlockParameter block, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(eth);
        ArgumentNullException.ThrowIfNull(chain);
        if (!Address.TryParse(chain.AaveV3?.Pool, out var pool, out var poolError))
            throw new ArgumentException($"chain profile '{chain.Name}' has no Aave v3 pool to scan ({poolError ?? "missing"})", nameof(chain));
        if (!Address.TryParse(chain.Multicall3, out var multicall, out var multicallError))
            throw new ArgumentException($"chain profile '{chain.Name}' needs a Multicall3 address to scan ({multicallError ?? "missing"})", nameof(chain));

        var sender = new MulticallRoundSender(multicall, _options);
        var errors = new List<string>();
        int roundTrips = 0, httpRequests = 0;

        async Task<CallOutcome[]> SendAsync(MulticallBatch batch, BlockParameter at)
        {
            var round = await sender.SendAsync(eth.Transport, batch, at, ct).ConfigureAwait(false);
            roundTrips++;
            httpRequests += round.HttpRequests;
            errors.AddRange(round.Errors);
            return round.Outcomes;
        }

        // Round 1: what the market lists and which block this is.
        var first = new MulticallBatch();
        int listIndex = first.Add(pool, new GetReservesListFunction());
        int providerIndex = first.Add(pool, new AddressesProviderFunction());
        int numberIndex = first.Add(multicall, new GetBlockNumberFunction());
        int timeIndex = first.Add(multicall, new GetCurrentBlockTimestampFunction());
        var gmx = GmxReads.For(chain, errors);
        gmx?.PlanFirst(first);
        var r1 = await SendAsync(first, block).ConfigureAwait(false);

        ulong blockNumber = block.Number ?? 0;
        if (Read<BlockNumberOutput>(r1[numberIndex], "Multicall3 getBlockNumber()", errors) is { } n) blockNumber = (ulong)n.BlockNumber;
        var pinned = blockNumber != 0 ? BlockParameter.FromNumber(blockNumber) : block;
        var blockTime = Read<BlockTimestampOutput>(r1[timeIndex], "Multicall3 getCurrentBlockTimestamp()", errors) is { } t
            ? DateTimeOffset.FromUnixTimeSeconds((long)t.Timestamp) : DateTimeOffset.UnixEpoch;
        var assets = new List<Address>();
        if (Read<ReservesListOutput>(r1[listIndex], $"Pool {pool} getReservesList()", errors) is { } list)
        {
            foreach (var text in list.Reserves)
            {
                if (Address.TryParse(text, out var asset)) assets.Add(asset);
                else errors.Add($"Pool {pool} getReservesList() returned '{text}', not an address; skipped");
            }
        }
        Address? provider = ReadAddress(r1[providerIndex], $"Pool {pool} ADDRESSES_PROVIDER()", errors);

        // Round 2: each reserve's data, and the oracle.
        var second = new MulticallBatch();
        var dataIndex = assets.Select(a => second.Add(pool, new GetReserveDataFunction { Asset = a.ToString() })).ToList();
        int oracleIndex = provider is { } p ? second.Add(p, new GetPriceOracleFunction()) : -1;
        gmx?.ReadFirst(r1, chain);
        gmx?.PlanSecond(second);
        var r2 = second.Count > 0 ? await SendAsync(second, pinned).ConfigureAwait(false) : [];

        var reserves = new List<(Address Asset, ReserveConfiguration Configuration, Address Strategy)>();
        for (int i = 0; i < assets.Count; i++)
        {
            if (Read<ReserveDataOutput>(r2[dataIndex[i]], $"Pool getReserveData({Label(chain, assets[i])})", errors) is not { } data) continue;
            ReserveConfiguration configuration;
            try
            {
                configuration = ReserveConfiguration.Decode(data.Data.Configuration.Data);
            }
            catch (ArgumentOutOfRangeException ex)
            {
                errors.Add($"{Label(chain, assets[i])}: configuration {data.Data.Configuration.Data} does not decode ({ex.Message}); reserve left out");
                continue;
            }
            var strategy = Address.TryParse(data.Data.InterestRateStrategyAddress, out var s) ? s : Address.Zero;
            reserves.Add((assets[i], configuration, strategy));
        }
        Address? oracle = oracleIndex >= 0 ? ReadAddress(r2[oracleIndex], $"PoolAddressesProvider {provider} getPriceOracle()", errors) : null;

        // Round 3: oracle answers, rate strategies' curves, eMode categories.
        var third = new MulticallBatch();
        int unitIndex = oracle is { } o ? third.Add(o, new BaseCurrencyUnitFunction()) : -1;
        var priceIndex = new Dictionary<Address, (int Price, int Source)>();
        if (oracle is { } oracleAddress)
        {
            foreach (var (asset, _, _) in reserves)
            {
                priceIndex[asset] = (third.Add(oracleAddress, new GetAssetPriceFunction { Asset = asset.ToString() }),
                    third.Add(oracleAddress, new GetSourceOfAssetFunction { Asset = asset.ToString() }));
            }
        }
        var strategyIndex = new Dictionary<Address, (int Optimal, int Base, int Slope1, int Slope2)>();
        foreach (var strategy in reserves.Select(r => r.Strategy).Where(s => s != Address.Zero).Distinct())
        {
            strategyIndex[strategy] = (third.Add(strategy, new OptimalUsageRatioFunction()), third.Add(strategy, new GetBaseVariableBorrowRateFunction()),
                third.Add(strategy, new GetVariableRateSlope1Function()), third.Add(strategy, new GetVariableRateSlope2Function()));
        }
        var emodeIndex = reserves.Select(r => r.Configuration.EModeCategory).Where(id => id != 0).Distinct().Order()
            .ToDictionary(id => id, id => third.Add(pool, new GetEModeCategoryDataFunction { Id = (byte)id }));
        var r3 = third.Count > 0 ? await SendAsync(third, pinned).ConfigureAwait(false) : [];

        BigInteger? unit = unitIndex >= 0 && Read<BaseCurrencyUnitOutput>(r3[unitIndex], $"AaveOracle {oracle} BASE_CURRENCY_UNIT()", errors) is { } u ? u.Unit : null;
        var rates = new Dictionary<Address, RateStrategyParameters>();
        foreach (var (strategy, (optimal, baseRate, slope1, slope2)) in strategyIndex)
        {
            var what = $"rate strategy {strategy}";
            var values = new[] { (optimal, "OPTIMAL_USAGE_RATIO()"), (baseRate, "getBaseVariableBorrowRate()"), (slope1, "getVariableRateSlope1()"), (slope2, "getVariableRateSlope2()") }
                .Select(x => Read<RayOutput>(r3[x.Item1], $"{what} {x.Item2}", errors)?.Value).ToList();
            if (values.All(v => v is not null)) rates[strategy] = new RateStrategyParameters(values[0]!.Value, values[1]!.Value, values[2]!.Value, values[3]!.Value);
        }

        var parameters = new List<ReserveParameters>(reserves.Count);
        foreach (var (asset, c, strategy) in reserves)
        {
            string? source = null;
            BigInteger? price = null;
            if (priceIndex.TryGetValue(asset, out var oi))
            {
                price = Read<AssetPriceOutput>(r3[oi.Price], $"AaveOracle getAssetPrice({Label(chain, asset)})", errors)?.Price;
                source = ReadAddress(r3[oi.Source], $"AaveOracle getSourceOfAsset({Label(chain, asset)})", errors)?.ToString();
            }
            parameters.Add(new ReserveParameters(
                asset.ToString(), Symbol(chain, asset), c.Ltv, c.LiquidationThreshold, c.LiquidationBonus, c.Decimals, c.Active, c.Frozen, c.Paused,
                c.BorrowingEnabled, c.ReserveFactor, c.SupplyCap, c.BorrowCap, c.DebtCeiling, c.LiquidationProtocolFee, c.EModeCategory,
                strategy.ToString(), rates.GetValueOrDefault(strategy), source, price));
        }

        var categories = new List<EModeCategoryParameters>();
        foreach (var (id, index) in emodeIndex)
        {
            if (Read<EModeCategoryDataOutput>(r3[index], $"Pool getEModeCategoryData({id})", errors) is not { } e) continue;
            var priceSource = Address.TryParse(e.Category.PriceSource, out var ps) ? ps.ToString() : e.Category.PriceSource;
            categories.Add(new EModeCategoryParameters(id, e.Category.Ltv, e.Category.LiquidationThreshold, e.Category.LiquidationBonus, priceSource, e.Category.Label));
        }

        var market = new MarketParameters(chain.Name, Protocol, pool.ToString(), blockNumber, blockTime, oracle?.ToString(), unit, parameters, categories,
            gmx?.ReadSecond(r2));
        return new ParameterScan(market, roundTrips, httpRequests, errors);
    }

    /// <summary>The GMX v2 part of a scan: markets and the global floor in round 1, each market's factors in round 2.</summary>
    private sealed class GmxReads(Address reader, Address dataStore, List<string> errors)
    {
        public const string Protocol = "gmx-v2";
        private int _marketsIndex = -1, _minUsdIndex = -1;
        private readonly List<(Address Market, Address Index, string? Symbol)> _markets = [];
        private readonly List<(int Factor, int Impact)> _factorIndex = [];
        private BigInteger? _minCollateralUsd;

        public static GmxReads? For(ChainProfile chain, List<string> errors)
        {
            if (chain.GmxV2 is not { } gmx) return null;
            if (Address.TryParse(gmx.Reader, out var reader) && Address.TryParse(gmx.DataStore, out var dataStore)) return new GmxReads(reader, dataStore, errors);
            errors.Add($"gmxV2 reader '{gmx.Reader}' or dataStore '{gmx.DataStore}' is not an address: GMX margin parameters not scanned");
            return null;
        }

        public void PlanFirst(MulticallBatch batch)
        {
            _marketsIndex = batch.Add(reader, new GetMarketsFunction { DataStore = dataStore.ToString(), Start = 0, End = GmxConstants.MaxPositionsPerAccount });
            _minUsdIndex = batch.Add(dataStore, new GetUintFunction { Key = GmxKeys.MinCollateralUsd });
        }

        public void ReadFirst(IReadOnlyList<CallOutcome> results, ChainProfile chain)
        {
            _minCollateralUsd = Read<UintValueOutput>(results[_minUsdIndex], $"GMX DataStore {dataStore} getUint(MIN_COLLATERAL_USD)", errors)?.Value;
            if (Read<MarketsOutput>(results[_marketsIndex], $"GMX Reader {reader} getMarkets({dataStore}, 0, {GmxConstants.MaxPositionsPerAccount})", errors) is not { } list) return;
            foreach (var m in list.Markets)
            {
                if (Address.TryParse(m.MarketToken, out var market) && Address.TryParse(m.IndexToken, out var index)) _markets.Add((market, index, Underlying(chain, index)));
                else errors.Add($"GMX Reader {reader} getMarkets returned market '{m.MarketToken}' with index token '{m.IndexToken}': not addresses; skipped");
            }
        }

        public void PlanSecond(MulticallBatch batch)
        {
            foreach (var (market, _, _) in _markets)
            {
                _factorIndex.Add((batch.Add(dataStore, new GetUintFunction { Key = GmxKeys.MinCollateralFactorKey(market) }),
                    batch.Add(dataStore, new GetUintFunction { Key = GmxKeys.MaxPositionImpactFactorForLiquidationsKey(market) })));
            }
        }

        public PerpMarginParameters ReadSecond(IReadOnlyList<CallOutcome> results)
        {
            var markets = new List<PerpMarketParameters>(_markets.Count);
            for (int i = 0; i < _markets.Count; i++)
            {
                var (market, index, symbol) = _markets[i];
                var what = $"GMX DataStore {dataStore} getUint";
                markets.Add(new PerpMarketParameters(market.ToString(), index.ToString(), symbol,
                    Read<UintValueOutput>(results[_factorIndex[i].Factor], $"{what}(MIN_COLLATERAL_FACTOR, {symbol ?? market.ToString()})", errors)?.Value,
                    Read<UintValueOutput>(results[_factorIndex[i].Impact], $"{what}(MAX_POSITION_IMPACT_FACTOR_FOR_LIQUIDATIONS, {symbol ?? market.ToString()})", errors)?.Value));
            }
            return new PerpMarginParameters(Protocol, dataStore.ToString(), _minCollateralUsd, markets);
        }
    }

    private static TOutput? Read<TOutput>(CallOutcome outcome, string what, List<string> errors) where TOutput : class, new()
    {
        if (outcome.TryDecode<TOutput>(out var value, out var error)) return value;
        errors.Add($"{what}: {error}");
        return null;
    }

    private static Address? ReadAddress(CallOutcome outcome, string what, List<string> errors)
    {
        if (Read<AddressOutput>(outcome, what, errors) is not { } output) return null;
        if (Address.TryParse(output.Value, out var address)) return address;
        errors.Add($"{what}: returned '{output.Value}', not an address");
        return null;
    }

    private static string? Underlying(ChainProfile chain, Address asset) =>
        chain.Tokens.FirstOrDefault(t => Address.TryParse(t.Address, out var a) && a == asset)?.Underlying;

    internal static string? Symbol(ChainProfile chain, Address asset) =>
        chain.Tokens.FirstOrDefault(t => Address.TryParse(t.Address, out var a) && a == asset)?.Symbol;

    private static string Label(ChainProfile chain, Address asset) => Symbol(chain, asset) ?? asset.ToString();
}
