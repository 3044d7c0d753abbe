using System.Numerics;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Risk.Governance;
using ExposureWeb.Risk.Instruments;

namespace ExposureWeb.Chain.Adapters.Aave;

/// <summary>A reserve of the pool as read in the snapshot.</summary>
/// <param name="Asset">The reserve's underlying token.</param>
/// <param name="Symbol">The profile's symbol, or null when the profile does not list the token.</param>
/// <param name="Id">Reserve id (its index in getReservesList; the user configuration's bit pair).</param>
/// <param name="Configuration">The decoded configuration bitmap.</param>
/// <param name="AToken">aToken address.</param>
/// <param name="VariableDebtToken">Variable-debt token address.</param>
/// <param name="LiquidityRate">currentLiquidityRate as a yearly fraction (ray ÷ 1e27).</param>
/// <param name="VariableBorrowRate">currentVariableBorrowRate as a yearly fraction.</param>
/// <param name="Price">AaveOracle price in base currency units, null when it could not be read.</param>
/// <param name="PriceInBaseCurrency">Price ÷ BASE_CURRENCY_UNIT (USD on USD markets), null when unknown.</param>
public sealed record AaveReserve(
    Address Asset, string? Symbol, int Id, ReserveConfiguration Configuration, Address AToken, Address VariableDebtToken,
    double LiquidityRate, double VariableBorrowRate, BigInteger? Price, double? PriceInBaseCurrency);

/// <summary>
/// Aave v3 lending accounts: one <see cref="LendingAccount"/> per owner with a nonzero supply or debt.
/// </summary>
/// <remarks>
/// <para>Per round: the pool's getReservesList and ADDRESSES_PROVIDER, the provider's getPriceOracle, the oracle's
/// BASE_CURRENCY_UNIT and getAssetPrice of every reserve, getReserveData of every reserve, and for every owner
/// getUserAccountData, getUserConfiguration, getUserEMode and the aToken and variable-debt balance of every reserve.
/// The reserve list, the token addresses and the oracle come from the <see cref="PositionDiscoveryCache"/> and are
/// checked against what the round read; a difference costs one more round.</para>
/// <para>Quantities use the reserve's decimals from its configuration bitmap (6, 8, 18 …). Thresholds and bonus are
/// fractions. The account's getUserAccountData is cross-checked with <see cref="AaveAccountCheck"/>; a disagreement
/// is the reading's <see cref="PositionReading.Error"/> (the instrument is still given).</para>
/// <para><see cref="PositionReading.Decoded"/>: <c>healthFactor</c> (on chain, +∞ without debt),
/// <c>healthFactorComputed</c> (per reserve), <c>totalCollateralBase</c>, <c>totalDebtBase</c>,
/// <c>availableBorrowsBase</c> (base currency, USD on USD markets), <c>baseCurrencyUnit</c> (the oracle's, 1e8 on USD
/// markets), <c>liquidationThreshold</c>, <c>ltv</c>
/// (fractions), <c>eModeCategory</c>, and per asset <c>supplied.SYMBOL</c> / <c>borrowed.SYMBOL</c> (token units,
/// interest included).</para>
/// <para>Not handled: eMode categories' own thresholds (a user in eMode gets an error line saying the supplies carry
/// the reserves' thresholds), stable debt (removed from v3.2; the demo has none), isolation mode debt ceilings.</para>
/// </remarks>
public sealed class AaveV3Adapter : IPositionAdapter
{
    private readonly string _chain;
    private readonly Address _pool;
    private readonly IReadOnlyList<Address> _owners;
    private readonly PositionDiscoveryCache _cache;

    private AaveDiscovery _planned = AaveDiscovery.Empty;
    private int _reservesIndex, _providerIndex, _oracleIndex, _unitIndex;
    private readonly Dictionary<Address, int> _dataIndex = [];
    private readonly Dictionary<Address, int> _priceIndex = [];
    private readonly Dictionary<(Address Owner, Address Asset), (int Supplied, int Borrowed)> _balanceIndex = [];
    private readonly Dictionary<Address, (int Account, int Configuration, int EMode)> _userIndex = [];

    /// <summary>Creates the adapter for one pool and a set of owners.</summary>
    public AaveV3Adapter(string chain, Address pool, IReadOnlyList<Address> owners, PositionDiscoveryCache cache)
    {
        _chain = chain;
        _pool = pool;
        _owners = owners;
        _cache = cache;
    }

    /// <inheritdoc />
    public string Protocol => PositionProtocols.AaveV3;

    /// <summary>The pool's reserves as read by the last settled <see cref="Read"/> (configuration, tokens, rates, oracle price).</summary>
    public IReadOnlyList<AaveReserve> Reserves { get; private set; } = [];

    /// <inheritdoc />
    public void Plan(MulticallBatch batch)
    {
        _dataIndex.Clear();
        _priceIndex.Clear();
        _balanceIndex.Clear();
        _userIndex.Clear();
        _planned = _cache.Aave(_chain, _pool);

        _reservesIndex = batch.Add(_pool, new GetReservesListFunction());
        _providerIndex = batch.Add(_pool, new AddressesProviderFunction());
        _oracleIndex = _planned.Provider is { } provider ? batch.Add(provider, new GetPriceOracleFunction()) : -1;
        var oracle = _planned.Oracle;
        _unitIndex = oracle is { } o ? batch.Add(o, new BaseCurrencyUnitFunction()) : -1;
        foreach (var asset in _planned.Reserves ?? [])
        {
            _dataIndex[asset] = batch.Add(_pool, new GetReserveDataFunction { Asset = asset.ToLowerHex() });
            if (oracle is { } priced) _priceIndex[asset] = batch.Add(priced, new GetAssetPriceFunction { Asset = asset.ToLowerHex() });
            if (_planned.Tokens.TryGetValue(asset, out var tokens) && tokens.AToken != Address.Zero)
            {
                foreach (var owner in _owners)
                {
                    var balanceOf = new BalanceOfFunction { Owner = owner.ToLowerHex() };
                    _balanceIndex[(owner, asset)] = (batch.Add(tokens.AToken, balanceOf), batch.Add(tokens.VariableDebtToken, balanceOf));
                }
            }
        }
        foreach (var owner in _owners)
        {
            _userIndex[owner] = (
                batch.Add(_pool, new GetUserAccountDataFunction { User = owner.ToLowerHex() }),
                batch.Add(_pool, new GetUserConfigurationFunction { User = owner.ToLowerHex() }),
                batch.Add(_pool, new GetUserEModeFunction { User = owner.ToLowerHex() }));
        }
    }

    /// <inheritdoc />
    public AdapterRead Read(IReadOnlyList<CallOutcome> results, SnapshotContext context)
    {
        if (!results[_reservesIndex].TryDecode<ReservesListOutput>(out var listed, out var listError))
        {
            return AdapterRead.Done(_owners.Select(o => Failed(context, o, $"getReservesList() on pool {_pool}: {listError}")).ToList());
        }
        var reserves = listed.Reserves.Select(Address.Parse).ToList();

        // Discovery: is the cache this round was planned from still right?
        bool stale = _planned.Reserves is null || !reserves.SequenceEqual(_planned.Reserves);
        Address? provider = _planned.Provider, oracle = _planned.Oracle;
        string? oracleError = null;
        if (results[_providerIndex].TryDecode<AddressOutput>(out var p, out var providerError))
        {
            var read = Address.Parse(p.Value);
            stale |= read != provider;
            provider = read;
        }
        else oracleError = $"ADDRESSES_PROVIDER(): {providerError}";
        if (_oracleIndex >= 0)
        {
            if (results[_oracleIndex].TryDecode<AddressOutput>(out var o, out var error))
            {
                var read = Address.Parse(o.Value);
                stale |= read != oracle;
                oracle = read;
            }
            else oracleError = $"getPriceOracle() on {_planned.Provider}: {error}";
        }
        else if (provider is not null) stale = true; // the provider was just learned: read its oracle next round

        var tokens = new Dictionary<Address, AaveReserveTokens>(_planned.Tokens);
        var data = new Dictionary<Address, ReserveData>();
        var dataErrors = new Dictionary<Address, string>();
        foreach (var (asset, index) in _dataIndex)
        {
            if (!results[index].TryDecode<ReserveDataOutput>(out var output, out var error))
            {
                dataErrors[asset] = $"getReserveData({asset}): {error}";
                continue;
            }
            var values = output.Data;
            data[asset] = values;
            var read = new AaveReserveTokens(Address.Parse(values.ATokenAddress), Address.Parse(values.VariableDebtTokenAddress));
            if (!_planned.Tokens.TryGetValue(asset, out var known) || known != read)
            {
                tokens[asset] = read;
                stale = true;
            }
        }

        if (stale)
        {
            _cache.SetAave(_chain, _pool, new AaveDiscovery(provider, oracle, reserves, tokens));
            return AdapterRead.Again;
        }

        BigInteger? unit = null;
        if (_unitIndex >= 0)
        {
            if (results[_unitIndex].TryDecode<BaseCurrencyUnitOutput>(out var u, out var error)) unit = u.Unit;
            else oracleError = $"BASE_CURRENCY_UNIT() on oracle {oracle}: {error}";
        }
        else oracleError ??= "the pool's price oracle is unknown";

        var reserveStates = new List<AaveReserve>();
        var byAsset = new Dictionary<Address, (AaveReserve Reserve, string? PriceError)>();
        foreach (var asset in reserves)
        {
            if (!data.TryGetValue(asset, out var values)) continue;
            var config = ReserveConfiguration.Decode(values.Configuration.Data);
            BigInteger? price = null;
            string? priceError = oracleError;
            if (_priceIndex.TryGetValue(asset, out var pi))
            {
                if (results[pi].TryDecode<AssetPriceOutput>(out var pv, out var error)) price = pv.Price;
                else priceError = $"getAssetPrice({asset}) on oracle {oracle}: {error}";
            }
            context.TryGetToken(asset, out var token);
            var reserve = new AaveReserve(asset, token?.Symbol, values.Id, config, Address.Parse(values.ATokenAddress), Address.Parse(values.VariableDebtTokenAddress),
                RayToFraction(values.CurrentLiquidityRate), RayToFraction(values.CurrentVariableBorrowRate),
                price, price is { } pr && unit is { } un && !un.IsZero ? TokenAmount.ToUnits(pr * BigInteger.Pow(10, 18) / un, 18) : null);
            reserveStates.Add(reserve);
            byAsset[asset] = (reserve, price is null ? priceError : null);
        }
        Reserves = reserveStates;

        var readings = new List<PositionReading>();
        foreach (var owner in _owners)
        {
            var reading = ReadAccount(results, context, owner, reserves, byAsset, dataErrors, unit);
            if (reading is not null) readings.Add(reading);
        }
        return AdapterRead.Done(readings);
    }

    private PositionReading? ReadAccount(
        IReadOnlyList<CallOutcome> results, SnapshotContext context, Address owner, IReadOnlyList<Address> reserves,
        Dictionary<Address, (AaveReserve Reserve, string? PriceError)> byAsset, Dictionary<Address, string> dataErrors, BigInteger? unit)
    {
        var raw = new RawValues().Add("pool", _pool);
        var errors = new List<string>();
        var markers = new List<string>();
        var (accountIndex, configIndex, eModeIndex) = _userIndex[owner];

        AaveUserAccountData? account = null;
        if (results[accountIndex].TryDecode<UserAccountDataOutput>(out var accountValues, out var accountError))
        {
            account = AaveUserAccountData.FromOutputs(accountValues);
            raw.AddOutputs("", accountValues);
        }
        else errors.Add($"getUserAccountData: {accountError}");

        BigInteger? userConfig = null;
        if (results[configIndex].TryDecode<UserConfigurationOutput>(out var configValues, out var configError))
        {
            userConfig = configValues.Configuration.Data;
            raw.Add("userConfiguration", "0x" + userConfig.Value.ToString("x"));
        }
        else errors.Add($"getUserConfiguration: {configError} (collateral flags assumed on)");

        int eMode = 0;
        if (results[eModeIndex].TryDecode<UserEModeOutput>(out var eModeValues, out var eModeError))
        {
            eMode = (int)eModeValues.Category;
            raw.Add("eModeCategory", eModeValues.Category);
        }
        else errors.Add($"getUserEMode: {eModeError}");

        var supplies = new List<LendingSupply>();
        var debts = new List<LendingDebt>();
        var legs = new List<AaveAccountLeg>();
        bool legsComplete = true;
        foreach (var asset in reserves)
        {
            if (dataErrors.TryGetValue(asset, out var dataError))
            {
                errors.Add(dataError);
                legsComplete = false;
                continue;
            }
            if (!byAsset.TryGetValue(asset, out var state) || !_balanceIndex.TryGetValue((owner, asset), out var index)) continue;
            var (reserve, priceError) = state;
            string label = reserve.Symbol ?? asset.ToString();
            BigInteger supplied = 0, borrowed = 0;
            if (results[index.Supplied].TryDecode<BalanceOfOutput>(out var s, out var sError)) supplied = s.Balance;
            else { errors.Add($"{label} aToken {reserve.AToken} balanceOf: {sError}"); legsComplete = false; }
            if (results[index.Borrowed].TryDecode<BalanceOfOutput>(out var b, out var bError)) borrowed = b.Balance;
            else { errors.Add($"{label} variable debt token {reserve.VariableDebtToken} balanceOf: {bError}"); legsComplete = false; }
            if (supplied.IsZero && borrowed.IsZero) continue;

            var config = reserve.Configuration;
            bool collateral = userConfig is not { } uc || !((uc >> (2 * reserve.Id + 1)) & 1).IsZero;
            raw.Add($"{label}.aTokenBalance", supplied)
                .Add($"{label}.variableDebtBalance", borrowed)
                .Add($"{label}.configuration", "0x" + config.Data.ToString("x"))
                .Add($"{label}.usageAsCollateralEnabled", collateral)
                .Add($"{label}.price", reserve.Price);
            if (config.Frozen) markers.Add(PositionMarkers.FrozenReservePrefix + label);
            if (config.Paused) markers.Add(PositionMarkers.PausedReservePrefix + label);

            if (context.TryGetToken(asset, out var token))
            {
                if (!supplied.IsZero)
                {
                    supplies.Add(new LendingSupply(token.Underlying, token.Symbol, TokenAmount.ToUnits(supplied, config.Decimals),
                        config.LiquidationThresholdFraction, collateral, config.LiquidationBonusFraction));
                }
                if (!borrowed.IsZero) debts.Add(new LendingDebt(token.Underlying, token.Symbol, TokenAmount.ToUnits(borrowed, config.Decimals)));
            }
            else errors.Add(context.UnknownToken(asset, "Aave reserve"));

            if (reserve.Price is { } price) legs.Add(new AaveAccountLeg(asset.ToString(), supplied, borrowed, config.Decimals, price, config.Ltv, config.LiquidationThreshold, collateral));
            else
            {
                errors.Add($"{label}: {priceError}");
                legsComplete = false;
            }
        }

        bool accountEmpty = account is null || (account.TotalCollateralBase.IsZero && account.TotalDebtBase.IsZero);
        if (supplies.Count == 0 && debts.Count == 0 && errors.Count == 0 && accountEmpty) return null;

        var decoded = new Dictionary<string, double>();
        if (account is not null)
        {
            decoded["healthFactor"] = account.HealthFactorValue;
            if (unit is { } u)
            {
                int digits = AaveAccountCheck.Digits(u);
                decoded["baseCurrencyUnit"] = (double)u;
                decoded["totalCollateralBase"] = TokenAmount.ToUnits(account.TotalCollateralBase, digits);
                decoded["totalDebtBase"] = TokenAmount.ToUnits(account.TotalDebtBase, digits);
                decoded["availableBorrowsBase"] = TokenAmount.ToUnits(account.AvailableBorrowsBase, digits);
            }
            decoded["liquidationThreshold"] = (double)account.CurrentLiquidationThreshold / ReserveConfiguration.PercentageFactor;
            decoded["ltv"] = (double)account.Ltv / ReserveConfiguration.PercentageFactor;
        }
        decoded["eModeCategory"] = eMode;
        // Per asset, in token units with interest accrued (aToken and variable-debt balances).
        foreach (var supply in supplies) decoded[$"supplied.{supply.Symbol}"] = supply.Quantity;
        foreach (var debt in debts) decoded[$"borrowed.{debt.Symbol}"] = debt.Quantity;

        if (eMode != 0)
        {
            errors.Add($"the account is in eMode category {eMode}, whose thresholds this reader does not read: supplies carry the reserves' own " +
                "liquidation thresholds and getUserAccountData's health factor is the authoritative one");
        }
        else if (account is not null && unit is { } baseUnit && legsComplete)
        {
            var computed = AaveAccountCheck.Compute(legs);
            decoded["healthFactorComputed"] = computed.HealthFactor;
            if (AaveAccountCheck.Compare(computed, account, baseUnit) is { } disagreement) errors.Add(disagreement);
        }
        else if (account is not null && errors.Count == 0)
        {
            errors.Add("getUserAccountData not cross-checked: " + (byAsset.Values.Select(v => v.PriceError).FirstOrDefault(e => e is not null) ?? "the oracle's base currency unit is unknown"));
        }

        IInstrument? instrument = supplies.Count + debts.Count > 0 ? new LendingAccount($"Aave v3 {_chain}", supplies, debts) : null;
        if (instrument is null && errors.Count == 0) errors.Add("getUserAccountData reports collateral or debt but no reserve balance was found");
        var underlyings = supplies.Select(x => x.Underlying).Concat(debts.Select(x => x.Underlying)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return new PositionReading(Protocol, _chain, owner, _pool, context.BlockNumber, Id(owner), underlyings, instrument, raw.Build(),
            errors.Count == 0 ? null : string.Join("; ", errors))
        {
            Markers = markers,
            Decoded = decoded,
            AaveLegs = legsComplete ? legs : null,
        };
    }

    private PositionReading Failed(SnapshotContext context, Address owner, string error) =>
        new(Protocol, _chain, owner, _pool, context.BlockNumber, Id(owner), [], null, new RawValues().Add("pool", _pool).Build(), error);

    private string Id(Address owner) => $"{Protocol}:{_chain}:{_pool}:{owner}";

    private static double RayToFraction(BigInteger ray) => TokenAmount.ToUnits(ray, 27);
}
