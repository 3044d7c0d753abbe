using System.Numerics;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Protocols.GmxV2;
using Nethereum.ABI;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Risk.Instruments;

namespace ExposureWeb.Chain.Adapters.Gmx;

/// <summary>
/// GMX v2 perpetual positions: one isolated-margin <see cref="PerpPosition"/> per position of each owner.
/// </summary>
/// <remarks>
/// <para>Per round: <c>Reader.getAccountPositions(dataStore, owner, 0, 1000)</c> for every owner, and
/// <c>DataStore.getUint(keccak256(abi.encode(MIN_COLLATERAL_FACTOR, market)))</c> once per market the
/// <see cref="PositionDiscoveryCache"/> knows for this Reader and DataStore (merged across owners, and with any other
/// adapter asking the same). Each position's market is looked up in the cache (a market's tokens never change); a
/// market seen for the first time costs one more round, which reads <c>getMarket</c> and its factor.</para>
/// <para>Maintenance margin: the market's <c>MIN_COLLATERAL_FACTOR</c> (30 decimals, 10^30 = 100%) read in the same
/// round and block, as the <see cref="PerpPosition.MaintenanceMarginRate"/>. A governance change of it moves the
/// liquidation price at the next block. When the read fails or returns 0 (a DataStore without the key), the position
/// is still read with <see cref="AssumedMaintenanceMarginRate"/> and its <see cref="PositionReading.Error"/> says the
/// factor could not be read and 1% was assumed. GMX's global <c>MIN_COLLATERAL_USD</c> floor (1 USD) is not modelled.</para>
/// <para>Size: sizeInTokens ÷ 10^(index token decimals), negative for a short; entry price: sizeInUsd ÷ 10^30 over
/// that size, in USD per whole index token; isolated margin: <see cref="PerpPosition.Collateral"/> of
/// collateralAmount ÷ 10^(collateral decimals) units of the collateral token's underlying, so the margin moves with
/// that asset's price (an ETH long on WETH collateral is exposed to size + collateral ETH). Its USD value at the
/// collateral's oracle (Chainlink) price in the same block is decoded as <c>collateralUsd</c>. Pending price impact,
/// borrowing and funding fees are kept raw and not netted into the margin; GMX's own liquidation check also adds them.</para>
/// <para><see cref="PositionReading.Decoded"/>: <c>sizeInUsd</c>, <c>sizeInTokens</c> (unsigned), <c>entryPrice</c>,
/// <c>collateralAmount</c>, <c>collateralPrice</c>, <c>collateralUsd</c>, <c>pendingImpactAmount</c> (index tokens),
/// <c>leverage</c> (size ÷ collateral value), <c>minCollateralFactor</c> (the fraction used as maintenance margin).
/// <see cref="PositionReading.Raw"/> carries the factor as read (<c>market.minCollateralFactor</c>, 30 decimals).</para>
/// </remarks>
public sealed class GmxV2Adapter : IPositionAdapter
{
    /// <summary>
    /// The maintenance margin (fraction of notional) assumed when a market's <c>MIN_COLLATERAL_FACTOR</c> cannot be
    /// read or is 0: 1%, GMX v2's factor on its main markets.
    /// </summary>
    public const double AssumedMaintenanceMarginRate = 0.01;

    /// <summary>The <see cref="PerpPosition.Venue"/> of GMX positions.</summary>
    public const string Venue = "GMX v2";


    private readonly string _chain;
    private readonly Address _reader;
    private readonly Address _dataStore;
    private readonly IReadOnlyList<Address> _owners;
    private readonly PositionDiscoveryCache _cache;

    private readonly HashSet<Address> _unknownMarkets = [];
    private readonly Dictionary<Address, int> _positionsIndex = [];
    private readonly Dictionary<Address, int> _marketIndex = [];
    private readonly Dictionary<Address, int> _factorIndex = [];

    /// <summary>Creates the adapter for one Reader and DataStore and a set of owners.</summary>
    public GmxV2Adapter(string chain, Address reader, Address dataStore, IReadOnlyList<Address> owners, PositionDiscoveryCache cache)
    {
        _chain = chain;
        _reader = reader;
        _dataStore = dataStore;
        _owners = owners;
        _cache = cache;
    }

    /// <inheritdoc />
    public string Protocol => PositionProtocols.GmxV2;

    /// <inheritdoc />
    public void Plan(MulticallBatch batch)
    {
        _positionsIndex.Clear();
        _marketIndex.Clear();
        _factorIndex.Clear();
        foreach (var owner in _owners)
        {
            _positionsIndex[owner] = batch.Add(_reader, new GetAccountPositionsFunction
            {
                DataStore = _dataStore.ToLowerHex(), Account = owner.ToLowerHex(), Start = 0, End = GmxConstants.MaxPositionsPerAccount,
            });
        }
        foreach (var market in _unknownMarkets)
        {
            _marketIndex[market] = batch.Add(_reader, new GetMarketFunction { DataStore = _dataStore.ToLowerHex(), Key = market.ToLowerHex() });
        }
        foreach (var market in _cache.Markets(_chain, _reader, _dataStore).Concat(_unknownMarkets))
        {
            if (!_factorIndex.ContainsKey(market)) _factorIndex[market] = batch.Add(_dataStore, new GetUintFunction { Key = GmxKeys.MinCollateralFactorKey(market) });
        }
    }

    /// <inheritdoc />
    public AdapterRead Read(IReadOnlyList<CallOutcome> results, SnapshotContext context)
    {
        var positions = new Dictionary<Address, List<PositionProps>>();
        var readings = new List<PositionReading>();
        foreach (var (owner, index) in _positionsIndex)
        {
            if (results[index].TryDecode<AccountPositionsOutput>(out var values, out var error)) positions[owner] = values.Positions;
            else readings.Add(new PositionReading(Protocol, _chain, owner, _reader, context.BlockNumber, $"{Protocol}:{_chain}:{_reader}:{owner}", [], null,
                new RawValues().Add("dataStore", _dataStore).Build(), $"getAccountPositions({_dataStore}, {owner}) on reader {_reader}: {error}"));
        }

        // Markets: from the cache, or read this round; one never seen before needs a round of getMarket.
        var markets = new Dictionary<Address, GmxMarket>();
        var marketErrors = new Dictionary<Address, string>();
        foreach (var (market, index) in _marketIndex)
        {
            if (!results[index].TryDecode<MarketOutput>(out var values, out var error))
            {
                marketErrors[market] = $"getMarket({_dataStore}, {market}) on reader {_reader}: {error}";
                continue;
            }
            var props = values.Market;
            var read = new GmxMarket(Address.Parse(props.MarketToken), Address.Parse(props.IndexToken), Address.Parse(props.LongToken), Address.Parse(props.ShortToken));
            if (read.MarketToken != market)
            {
                marketErrors[market] = $"getMarket({_dataStore}, {market}) on reader {_reader} does not know the market (returned {read.MarketToken})";
                continue;
            }
            _cache.SetMarket(_chain, _reader, _dataStore, read);
            markets[market] = read;
        }
        bool stale = false;
        foreach (var position in positions.Values.SelectMany(p => p))
        {
            var market = Address.Parse(position.Addresses.Market);
            // A market known but whose factor was not planned (the cache filled after this round's plan): one more round.
            if (!_factorIndex.ContainsKey(market)) stale |= _unknownMarkets.Add(market);
            if (markets.ContainsKey(market) || marketErrors.ContainsKey(market)) continue;
            if (_cache.Market(_chain, _reader, _dataStore, market) is { } known) markets[market] = known;
            else stale |= _unknownMarkets.Add(market);
        }
        if (stale) return AdapterRead.Again;
        _unknownMarkets.Clear();

        var factors = new Dictionary<Address, (BigInteger? Raw, double Rate, string? Error)>();
        foreach (var (market, index) in _factorIndex)
        {
            var what = $"MIN_COLLATERAL_FACTOR of market {market} (getUint on DataStore {_dataStore})";
            factors[market] = results[index].TryDecode<UintValueOutput>(out var value, out var error)
                ? value.Value.IsZero
                    ? (value.Value, AssumedMaintenanceMarginRate, $"{what} is 0 (not configured): 1% assumed as maintenance margin")
                    : (value.Value, GmxKeys.ToFraction(value.Value), null)
                : (null, AssumedMaintenanceMarginRate, $"{what} could not be read ({error}): 1% assumed as maintenance margin");
        }

        foreach (var (owner, list) in positions)
        {
            foreach (var position in list) readings.Add(ReadPosition(context, owner, position, markets, marketErrors, factors));
        }
        return AdapterRead.Done(readings);
    }

    private PositionReading ReadPosition(SnapshotContext context, Address owner, PositionProps position, Dictionary<Address, GmxMarket> markets,
        Dictionary<Address, string> marketErrors, Dictionary<Address, (BigInteger? Raw, double Rate, string? Error)> factors)
    {
        var numbers = position.Numbers;
        bool isLong = position.Flags.IsLong;
        var (account, marketToken, collateralToken) = (Address.Parse(position.Addresses.Account), Address.Parse(position.Addresses.Market), Address.Parse(position.Addresses.CollateralToken));
        // GMX's Position.getPositionKey: keccak256(abi.encode(account, market, collateralToken, isLong)).
        var key = new ABIEncode().GetSha3ABIEncoded(
            new ABIValue("address", account.ToLowerHex()), new ABIValue("address", marketToken.ToLowerHex()),
            new ABIValue("address", collateralToken.ToLowerHex()), new ABIValue("bool", isLong));
        string id = $"{Protocol}:{_chain}:{Hex.Encode(key)}";
        var raw = new RawValues().Add("positionKey", key).Add("dataStore", _dataStore)
            .AddOutputs("addresses.", position.Addresses)
            .AddOutputs("numbers.", numbers)
            .Add("flags.isLong", isLong);

        PositionReading Failed(string error, params string?[] underlyings) =>
            new(Protocol, _chain, owner, _reader, context.BlockNumber, id, underlyings.OfType<string>().Distinct().ToList(), null, raw.Build(), error);

        if (!markets.TryGetValue(marketToken, out var market)) return Failed(marketErrors[marketToken]);
        raw.Add("market.marketToken", market.MarketToken).Add("market.indexToken", market.IndexToken)
            .Add("market.longToken", market.LongToken).Add("market.shortToken", market.ShortToken);
        var factor = factors[marketToken];
        raw.Add("market.minCollateralFactor", factor.Raw);

        var problems = new List<string>();
        if (!context.TryGetToken(market.IndexToken, out var index)) problems.Add(context.UnknownToken(market.IndexToken, "index token"));
        if (!context.TryGetToken(collateralToken, out var collateral)) problems.Add(context.UnknownToken(collateralToken, "collateral token"));
        if (index is null || collateral is null) return Failed(string.Join("; ", problems), index?.Underlying, collateral?.Underlying);

        var sizeInUsd = numbers.SizeInUsd;
        var sizeInTokens = numbers.SizeInTokens;
        var collateralAmount = numbers.CollateralAmount;
        if (sizeInTokens.IsZero) return Failed("sizeInTokens is 0: no entry price", index.Underlying, collateral.Underlying);

        double size = TokenAmount.ToUnits(sizeInTokens, index.Decimals);
        // USD (30 decimals) per whole index token: sizeInUsd · 10^indexDecimals / sizeInTokens, still with 30 decimals.
        double entryPrice = TokenAmount.ToUnits(sizeInUsd * BigInteger.Pow(10, index.Decimals) / sizeInTokens, GmxConstants.UsdDecimals);
        double collateralQuantity = TokenAmount.ToUnits(collateralAmount, collateral.Decimals);
        if (!context.Prices.TryGetValue(collateral.Underlying, out var quote) || !(quote.Quote.PriceUsd > 0))
        {
            return Failed($"no usable {collateral.Underlying} price in the snapshot to value the collateral (isolated margin)" +
                (quote?.Quote.Issue is { } issue ? $": {issue}" : ""), index.Underlying, collateral.Underlying);
        }

        double collateralPrice = quote.Quote.PriceUsd;
        double marginUsd = collateralQuantity * collateralPrice;
        double sizeUsd = TokenAmount.ToUnits(sizeInUsd, GmxConstants.UsdDecimals);
        var markers = quote.Quote.Issue is null ? new List<string>() : [PositionMarkers.PriceIssuePrefix + collateral.Underlying];
        var instrument = new PerpPosition(index.Underlying, isLong ? size : -size, entryPrice, factor.Rate, Venue: Venue,
            Collateral: new PerpCollateral(collateral.Underlying, collateralQuantity));
        return new PositionReading(Protocol, _chain, owner, _reader, context.BlockNumber, id,
            new[] { index.Underlying, collateral.Underlying }.Distinct(StringComparer.OrdinalIgnoreCase).ToList(), instrument, raw.Build(), factor.Error)
        {
            Markers = markers,
            Decoded = new Dictionary<string, double>
            {
                ["sizeInUsd"] = sizeUsd,
                ["sizeInTokens"] = size,
                ["entryPrice"] = entryPrice,
                ["collateralAmount"] = collateralQuantity,
                ["collateralPrice"] = collateralPrice,
                ["collateralUsd"] = marginUsd,
                ["pendingImpactAmount"] = TokenAmount.ToUnits(numbers.PendingImpactAmount, index.Decimals),
                ["leverage"] = marginUsd > 0 ? sizeUsd / marginUsd : double.PositiveInfinity,
                ["minCollateralFactor"] = factor.Rate,
            },
        };
    }
}
