using System.Numerics;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Protocols.Opyn;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Pricing;

namespace ExposureWeb.Chain.Adapters.Options;

/// <summary>
/// Opyn Gamma oTokens held by the owners: one <see cref="EuropeanOption"/> per (oToken of the profile, owner) with a
/// nonzero balance. An oToken's details never need discovery, so this adapter always settles in its first round.
/// </summary>
/// <remarks>
/// <para>Per round: getOtokenDetails() and decimals() of every profile oToken and balanceOf of every owner. Quantity
/// = balance ÷ 10^decimals (8 on Opyn; the decimals read win); strike = strikePrice ÷ 10^8 in the strike asset (USDC
/// on every Opyn deployment, taken as USD); the underlying asset maps to its profile underlying (WETH → ETH).</para>
/// <para>An option whose expiry is at or before the block's time is still listed, with the
/// <see cref="PositionMarkers.Expired"/> marker: its worth is the settlement's, which a pricing model must not
/// silently replace with a model price (Risk's Black-Scholes model values it at intrinsic and flags it).</para>
/// <para>A failed read (no contract at the address, a revert) is an error on that oToken's position of each owner,
/// nothing else.</para>
/// <para><see cref="PositionReading.Decoded"/>: <c>quantity</c>, <c>strike</c> (USD), <c>expiry</c> (Unix seconds),
/// <c>isPut</c> (1/0), <c>expired</c> (1/0).</para>
/// </remarks>
public sealed class OTokenAdapter : IPositionAdapter
{
    private readonly string _chain;
    private readonly IReadOnlyList<Address> _oTokens;
    private readonly IReadOnlyList<Address> _owners;
    private readonly List<(Address OToken, int Details, int Decimals)> _seriesIndex = [];
    private readonly Dictionary<(Address OToken, Address Owner), int> _balanceIndex = [];

    /// <summary>Creates the adapter for the profile's oTokens and a set of owners.</summary>
    public OTokenAdapter(string chain, IReadOnlyList<Address> oTokens, IReadOnlyList<Address> owners)
    {
        _chain = chain;
        _oTokens = oTokens;
        _owners = owners;
    }

    /// <inheritdoc />
    public string Protocol => PositionProtocols.OpynGamma;

    /// <inheritdoc />
    public void Plan(MulticallBatch batch)
    {
        _seriesIndex.Clear();
        _balanceIndex.Clear();
        foreach (var oToken in _oTokens)
        {
            _seriesIndex.Add((oToken, batch.Add(oToken, new GetOtokenDetailsFunction()), batch.Add(oToken, new DecimalsFunction())));
            foreach (var owner in _owners) _balanceIndex[(oToken, owner)] = batch.Add(oToken, new BalanceOfFunction { Owner = owner.ToLowerHex() });
        }
    }

    /// <inheritdoc />
    public AdapterRead Read(IReadOnlyList<CallOutcome> results, SnapshotContext context)
    {
        var readings = new List<PositionReading>();
        foreach (var (oToken, detailsIndex, decimalsIndex) in _seriesIndex)
        {
            string? seriesError = null;
            OTokenDetailsOutput? details = null;
            int decimals = OToken.StrikeDecimals;
            if (!results[detailsIndex].TryDecode(out details, out var detailsError)) seriesError = $"getOtokenDetails() on {oToken}: {detailsError}";
            else if (!results[decimalsIndex].TryDecode<DecimalsOutput>(out var d, out var decimalsError)) seriesError = $"decimals() on {oToken}: {decimalsError}";
            else decimals = d.Decimals;

            foreach (var owner in _owners)
            {
                string id = $"{Protocol}:{_chain}:{oToken}:{owner}";
                var raw = new RawValues().Add("oToken", oToken);
                PositionReading Failed(string error, params string?[] underlyings) =>
                    new(Protocol, _chain, owner, oToken, context.BlockNumber, id, underlyings.OfType<string>().ToList(), null, raw.Build(), error);

                if (!results[_balanceIndex[(oToken, owner)]].TryDecode<BalanceOfOutput>(out var b, out var balanceError))
                {
                    // Without a balance it is unknown whether the owner holds any: report it on this position only.
                    readings.Add(Failed(seriesError ?? $"balanceOf({owner}) on {oToken}: {balanceError}"));
                    continue;
                }
                var balance = b.Balance;
                if (balance.IsZero) continue;
                raw.Add("balanceOf", balance);
                if (seriesError is not null || details is null)
                {
                    readings.Add(Failed(seriesError ?? "no details"));
                    continue;
                }
                raw.Add("decimals", decimals).AddOutputs("", details);
                readings.Add(ReadOption(context, owner, oToken, id, raw, details, balance, decimals, Failed));
            }
        }
        return AdapterRead.Done(readings);
    }

    private PositionReading ReadOption(
        SnapshotContext context, Address owner, Address oToken, string id, RawValues raw, OTokenDetailsOutput details, BigInteger balance, int decimals,
        Func<string, string?[], PositionReading> failed)
    {
        var underlyingAsset = Address.Parse(details.UnderlyingAsset);
        var strikeAsset = Address.Parse(details.StrikeAsset);
        var problems = new List<string>();
        if (!context.TryGetToken(underlyingAsset, out var underlying)) problems.Add(context.UnknownToken(underlyingAsset, "underlying asset"));
        if (!context.TryGetToken(strikeAsset, out _)) problems.Add(context.UnknownToken(strikeAsset, "strike asset"));
        if (underlying is null || problems.Count > 0) return failed(string.Join("; ", problems), [underlying?.Underlying]);

        var expiryTimestamp = details.ExpiryTimestamp;
        if (expiryTimestamp > DateTimeOffset.MaxValue.ToUnixTimeSeconds()) return failed($"expiryTimestamp {expiryTimestamp} is not a date", [underlying.Underlying]);
        var expiry = DateTimeOffset.FromUnixTimeSeconds((long)expiryTimestamp);
        bool isPut = details.IsPut;
        bool expired = expiry <= context.BlockTime;
        double quantity = TokenAmount.ToUnits(balance, decimals);
        double strike = TokenAmount.ToUnits(details.StrikePrice, OToken.StrikeDecimals);
        var instrument = new EuropeanOption(underlying.Underlying, isPut ? OptionRight.Put : OptionRight.Call, strike, expiry, quantity);
        return new PositionReading(Protocol, _chain, owner, oToken, context.BlockNumber, id, [underlying.Underlying], instrument, raw.Build(), null)
        {
            Markers = expired ? [PositionMarkers.Expired] : [],
            Decoded = new Dictionary<string, double>
            {
                ["quantity"] = quantity,
                ["strike"] = strike,
                ["expiry"] = (long)expiryTimestamp,
                ["isPut"] = isPut ? 1 : 0,
                ["expired"] = expired ? 1 : 0,
            },
        };
    }
}
