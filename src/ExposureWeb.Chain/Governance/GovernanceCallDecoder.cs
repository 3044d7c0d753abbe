using System.Numerics;
using System.Reflection;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Protocols.GmxV2;
using ExposureWeb.Risk.Governance;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Governance;

/// <summary>
/// Turns a proposal's calls into what they change: the Aave PoolConfigurator's and AaveOracle's risk setters, and GMX v2
/// DataStore <c>setUint</c> calls on a margin key, become <see cref="ParameterChange"/>s (after = the value the call
/// sets; before = the current value when a scan is given).
/// </summary>
/// <remarks>
/// Arguments are decoded by Nethereum from the project's typed messages (<c>DecodeInput</c>); the decoded message is
/// then encoded again and must give back the very same calldata, which is how truncated arguments, trailing bytes and
/// non-canonical encodings are caught (Nethereum's decoder fills missing words with zeros rather than failing). Any
/// call that is not a known setter of a known contract — another target, another selector, calldata under 4 bytes,
/// arguments that do not decode — is returned with <see cref="DecodedCall.Unrecognised"/> saying why: never dropped,
/// never thrown, because a report must show every call a proposal makes.
/// <para>GMX: a <c>setUint(key, value)</c> on the profile's DataStore is recognised when the key is
/// <c>MIN_COLLATERAL_USD</c>, or <c>MIN_COLLATERAL_FACTOR</c> / <c>MAX_POSITION_IMPACT_FACTOR_FOR_LIQUIDATIONS</c> of a
/// market the scan lists (<see cref="MarketParameters.Perps"/>; without a scan only the global key is known). Any other
/// key stays unrecognised, with the target, selector and raw data.</para>
/// </remarks>
public sealed class GovernanceCallDecoder
{
    private readonly GovernedContracts _contracts;
    private readonly ChainProfile _chain;

    /// <summary>Creates a decoder for one market.</summary>
    /// <param name="contracts">The market's PoolConfigurator and AaveOracle (<see cref="GovernedContracts.ReadAsync"/>).</param>
    /// <param name="chain">The chain profile, for token symbols.</param>
    public GovernanceCallDecoder(GovernedContracts contracts, ChainProfile chain)
    {
        _contracts = contracts ?? throw new ArgumentNullException(nameof(contracts));
        _chain = chain ?? throw new ArgumentNullException(nameof(chain));
    }

    /// <summary>Decodes one call.</summary>
    /// <param name="index">The call's position in its proposal.</param>
    /// <param name="target">The contract called (any text: an invalid address is unrecognised, not an error).</param>
    /// <param name="value">Wei sent with the call.</param>
    /// <param name="data">The calldata.</param>
    /// <param name="current">The market as scanned now, to fill <see cref="ParameterChange.Before"/>; null leaves it null.</param>
    public DecodedCall Decode(int index, string target, BigInteger value, byte[] data, MarketParameters? current = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var raw = Hex.Encode(data);
        var selector = data.Length >= 4 ? Hex.Encode(data.AsSpan(0, 4)) : "none";
        DecodedCall Unknown(string shownTarget, string? name, string reason) =>
            new(index, shownTarget, name, value, selector, null, [], [], $"{reason} (target {shownTarget}, selector {selector}, data {raw})", raw);

        if (!Address.TryParse(target, out var address)) return Unknown(target ?? "", null, "the target is not an address");
        var shown = address.ToString();
        var (name, setters) = address == _contracts.PoolConfigurator ? ("PoolConfigurator", ConfiguratorSetters)
            : address == _contracts.AaveOracle ? ("AaveOracle", OracleSetters)
            : address == _contracts.GmxDataStore ? ("GMX DataStore", DataStoreSetters)
            : ((string?)null, (IReadOnlyDictionary<string, Setter>?)null);
        if (name is null || setters is null) return Unknown(shown, null, "not a known governed contract");
        if (data.Length < 4) return Unknown(shown, name, "calldata shorter than a 4-byte selector");
        if (!setters.TryGetValue(selector, out var setter)) return Unknown(shown, name, $"not a known {name} setter");

        FunctionMessage message;
        try
        {
            message = setter.Decode(raw);
            if (!setter.Encode(message).AsSpan().SequenceEqual(data)) return Unknown(shown, name, $"the arguments of {setter.Signature} do not decode (wrong length or encoding)");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Nethereum throws a variety of exceptions on malformed input; any of them means the same to a report.
            return Unknown(shown, name, $"the arguments of {setter.Signature} do not decode ({ex.GetType().Name})");
        }

        var context = new ChangeContext(_chain, current);
        IReadOnlyList<ParameterChange> changes;
        try
        {
            changes = setter.Changes(message, context);
        }
        catch (ArgumentException ex)
        {
            return Unknown(shown, name, $"{setter.Signature}: {ex.Message}");
        }
        return new DecodedCall(index, shown, name, value, selector, setter.Signature, Arguments(message), changes, null, raw);
    }

    /// <summary>A known setter: its signature, how to decode and re-encode it and what it changes.</summary>
    private sealed record Setter(string Signature, Func<string, FunctionMessage> Decode, Func<FunctionMessage, byte[]> Encode, Func<FunctionMessage, ChangeContext, IReadOnlyList<ParameterChange>> Changes);

    private static KeyValuePair<string, Setter> Of<T>(Func<T, ChangeContext, IEnumerable<ParameterChange>> changes) where T : FunctionMessage, new()
    {
        var abi = ABITypedRegistry.GetFunctionABI<T>();
        var signature = $"{abi.Name}({string.Join(",", abi.InputParameters.Select(p => p.Type))})";
        var setter = new Setter(
            signature,
            data => new T().DecodeInput(data) ?? throw new FormatException("Nethereum returned no message"),
            message => ((T)message).GetCallData(),
            (message, context) => changes((T)message, context).ToList());
        return new("0x" + abi.Sha3Signature, setter);
    }

    private static readonly IReadOnlyDictionary<string, Setter> ConfiguratorSetters = new Dictionary<string, Setter>(
    [
        Of<ConfigureReserveAsCollateralFunction>((m, c) =>
        [
            c.Reserve(m.Asset, ParameterNames.Ltv, r => ParameterText.Of(r.Ltv), ParameterText.Of(m.Ltv), ParameterUnits.BasisPoints),
            c.Reserve(m.Asset, ParameterNames.LiquidationThreshold, r => ParameterText.Of(r.LiquidationThreshold), ParameterText.Of(m.LiquidationThreshold), ParameterUnits.BasisPoints),
            c.Reserve(m.Asset, ParameterNames.LiquidationBonus, r => ParameterText.Of(r.LiquidationBonus), ParameterText.Of(m.LiquidationBonus), ParameterUnits.BasisPoints),
        ]),
        Of<SetReserveFreezeFunction>((m, c) => [c.Reserve(m.Asset, ParameterNames.Frozen, r => ParameterText.Of(r.Frozen), ParameterText.Of(m.Freeze), ParameterUnits.Flag)]),
        Of<SetReservePauseFunction>((m, c) => [c.Reserve(m.Asset, ParameterNames.Paused, r => ParameterText.Of(r.Paused), ParameterText.Of(m.Paused), ParameterUnits.Flag)]),
        Of<SetReserveActiveFunction>((m, c) => [c.Reserve(m.Asset, ParameterNames.Active, r => ParameterText.Of(r.Active), ParameterText.Of(m.Active), ParameterUnits.Flag)]),
        Of<SetReserveBorrowingFunction>((m, c) => [c.Reserve(m.Asset, ParameterNames.BorrowingEnabled, r => ParameterText.Of(r.BorrowingEnabled), ParameterText.Of(m.Enabled), ParameterUnits.Flag)]),
        Of<SetSupplyCapFunction>((m, c) => [c.Reserve(m.Asset, ParameterNames.SupplyCap, r => ParameterText.Of(r.SupplyCap), ParameterText.Of(m.SupplyCap), ParameterUnits.Tokens)]),
        Of<SetBorrowCapFunction>((m, c) => [c.Reserve(m.Asset, ParameterNames.BorrowCap, r => ParameterText.Of(r.BorrowCap), ParameterText.Of(m.BorrowCap), ParameterUnits.Tokens)]),
        Of<SetReserveFactorFunction>((m, c) => [c.Reserve(m.Asset, ParameterNames.ReserveFactor, r => ParameterText.Of(r.ReserveFactor), ParameterText.Of(m.ReserveFactor), ParameterUnits.BasisPoints)]),
        Of<SetDebtCeilingFunction>((m, c) => [c.Reserve(m.Asset, ParameterNames.DebtCeiling, r => ParameterText.Of(r.DebtCeiling), ParameterText.Of(m.DebtCeiling), ParameterUnits.Usd2)]),
        Of<SetLiquidationProtocolFeeFunction>((m, c) => [c.Reserve(m.Asset, ParameterNames.LiquidationProtocolFee, r => ParameterText.Of(r.LiquidationProtocolFee), ParameterText.Of(m.Fee), ParameterUnits.BasisPoints)]),
        Of<SetReserveInterestRateStrategyAddressFunction>((m, c) => [c.Reserve(m.Asset, ParameterNames.InterestRateStrategy, r => r.InterestRateStrategy, ChangeContext.Checksummed(m.RateStrategy), ParameterUnits.Address)]),
        Of<SetAssetEModeCategoryFunction>((m, c) => [c.Reserve(m.Asset, ParameterNames.EModeCategory, r => ParameterText.Of(r.EModeCategory), ParameterText.Of(m.CategoryId), ParameterUnits.Count)]),
        Of<SetEModeCategoryFunction>((m, c) =>
        [
            c.EMode(m.CategoryId, m.Label, ParameterNames.Ltv, e => ParameterText.Of(e.Ltv), ParameterText.Of(m.Ltv), ParameterUnits.BasisPoints),
            c.EMode(m.CategoryId, m.Label, ParameterNames.LiquidationThreshold, e => ParameterText.Of(e.LiquidationThreshold), ParameterText.Of(m.LiquidationThreshold), ParameterUnits.BasisPoints),
            c.EMode(m.CategoryId, m.Label, ParameterNames.LiquidationBonus, e => ParameterText.Of(e.LiquidationBonus), ParameterText.Of(m.LiquidationBonus), ParameterUnits.BasisPoints),
            c.EMode(m.CategoryId, m.Label, ParameterNames.PriceSource, e => e.PriceSource, ChangeContext.Checksummed(m.Oracle), ParameterUnits.Address),
            c.EMode(m.CategoryId, m.Label, ParameterNames.Label, e => e.Label, m.Label, ParameterUnits.Count),
        ]),
    ]);

    private static readonly IReadOnlyDictionary<string, Setter> OracleSetters = new Dictionary<string, Setter>(
    [
        Of<SetAssetSourcesFunction>((m, c) => m.Assets.Count != m.Sources.Count
            ? throw new ArgumentException($"{m.Assets.Count} assets but {m.Sources.Count} sources (the oracle reverts)")
            : m.Assets.Zip(m.Sources, (asset, source) => c.OracleSource(asset, source))),
    ]);

    private static readonly IReadOnlyDictionary<string, Setter> DataStoreSetters = new Dictionary<string, Setter>(
    [
        Of<SetUintFunction>((m, c) => [c.GmxUint(m.Key, m.Value)]),
    ]);

    /// <summary>The decoded message's arguments, in ABI order, as text.</summary>
    private static List<CallArgument> Arguments(FunctionMessage message) =>
        message.GetType().GetProperties()
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<ParameterAttribute>()))
            .Where(x => x.Attribute is not null)
            .OrderBy(x => x.Attribute!.Order)
            .Select(x => new CallArgument(x.Attribute!.Name, x.Attribute.Type, Text(x.Property.GetValue(message))))
            .ToList();

    private static string Text(object? value) => value switch
    {
        null => "",
        string s when Address.TryParse(s, out var a) => a.ToString(),
        string s => s,
        bool b => ParameterText.Of(b),
        byte[] bytes => Hex.Encode(bytes),
        BigInteger n => ParameterText.Of(n),
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Text)) + "]",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Builds changes with the current values and the profile's symbols.</summary>
    private sealed class ChangeContext(ChainProfile chain, MarketParameters? current)
    {
        public ParameterChange Reserve(string asset, string parameter, Func<ReserveParameters, string> before, string after, string unit)
        {
            var subject = Checksummed(asset);
            var reserve = current?.Reserves.FirstOrDefault(r => string.Equals(r.Asset, subject, StringComparison.OrdinalIgnoreCase));
            return new(ParameterScopes.Reserve, subject, Symbol(subject) ?? reserve?.Symbol, parameter, reserve is null ? null : before(reserve), after, unit);
        }

        public ParameterChange EMode(byte id, string label, string parameter, Func<EModeCategoryParameters, string> before, string after, string unit)
        {
            var category = current?.EModeCategories.FirstOrDefault(e => e.Id == id);
            return new(ParameterScopes.EMode, ParameterText.Of(id), label.Length > 0 ? label : category?.Label, parameter, category is null ? null : before(category), after, unit);
        }

        public ParameterChange OracleSource(string asset, string source)
        {
            var subject = Checksummed(asset);
            var reserve = current?.Reserves.FirstOrDefault(r => string.Equals(r.Asset, subject, StringComparison.OrdinalIgnoreCase));
            return new(ParameterScopes.Oracle, subject, Symbol(subject) ?? reserve?.Symbol, ParameterNames.OracleSource, reserve?.OracleSource, Checksummed(source), ParameterUnits.Address);
        }

        /// <summary>The change a DataStore setUint makes, or an <see cref="ArgumentException"/> for a key that is no known margin parameter.</summary>
        public ParameterChange GmxUint(byte[] key, BigInteger value)
        {
            var perps = current?.Perps;
            var after = ParameterText.Of(value);
            if (key.AsSpan().SequenceEqual(GmxKeys.MinCollateralUsd))
            {
                var dataStore = perps?.DataStore ?? chain.GmxV2?.DataStore ?? "";
                return new(ParameterScopes.PerpVenue, Checksummed(dataStore), perps?.Protocol ?? "gmx-v2", ParameterNames.MinCollateralUsd,
                    perps?.MinCollateralUsd is { } usd ? ParameterText.Of(usd) : null, after, ParameterUnits.Usd30);
            }
            foreach (var market in perps?.Markets ?? [])
            {
                if (!Address.TryParse(market.Market, out var token)) continue;
                if (key.AsSpan().SequenceEqual(GmxKeys.MinCollateralFactorKey(token)))
                    return new(ParameterScopes.PerpMarket, market.Market, market.Label, ParameterNames.MinCollateralFactor,
                        market.MinCollateralFactor is { } f ? ParameterText.Of(f) : null, after, ParameterUnits.Factor30);
                if (key.AsSpan().SequenceEqual(GmxKeys.MaxPositionImpactFactorForLiquidationsKey(token)))
                    return new(ParameterScopes.PerpMarket, market.Market, market.Label, ParameterNames.MaxPositionImpactFactorForLiquidations,
                        market.MaxPositionImpactFactorForLiquidations is { } i ? ParameterText.Of(i) : null, after, ParameterUnits.Factor30);
            }
            throw new ArgumentException($"key {Hex.Encode(key)} is not a recognised GMX margin parameter (MIN_COLLATERAL_USD, or MIN_COLLATERAL_FACTOR / " +
                $"MAX_POSITION_IMPACT_FACTOR_FOR_LIQUIDATIONS of a market the scan lists{(perps is null ? "; no GMX scan given" : "")})");
        }

        private string? Symbol(string asset) => Address.TryParse(asset, out var a) ? AaveParameterScanner.Symbol(chain, a) : null;

        public static string Checksummed(string address) => Address.TryParse(address, out var a) ? a.ToString() : address;
    }
}
