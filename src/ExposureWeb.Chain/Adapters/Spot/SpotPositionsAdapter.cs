using System.Numerics;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Protocols.Multicall3;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Risk.Instruments;

namespace ExposureWeb.Chain.Adapters.Spot;

/// <summary>
/// Native and ERC-20 balances as <see cref="PositionReading"/>s (one per owner and nonzero balance, with the owner and
/// the raw balance), for <see cref="PortfolioPositionsReader"/>. <see cref="SpotBalancesAdapter"/> is the older form
/// the engine's spot snapshot uses. Decimals come from the snapshot's context (read on chain).
/// </summary>
/// <remarks>
/// The native balance's <see cref="PositionReading.Contract"/> is <see cref="Address.Zero"/> (it is read with
/// Multicall3's getEthBalance). <see cref="PositionReading.Decoded"/>: <c>quantity</c> (whole tokens).
/// </remarks>
public sealed class SpotPositionsAdapter : IPositionAdapter
{
    private readonly ChainProfile _profile;
    private readonly IReadOnlyList<Address> _owners;
    private readonly Address _multicall;
    private readonly List<Address> _tokens;
    private readonly List<(Address Owner, int Index)> _native = [];
    private readonly List<(Address Owner, Address Token, int Index)> _balances = [];

    /// <summary>Creates the adapter for the profile's tokens and a set of owners.</summary>
    public SpotPositionsAdapter(ChainProfile profile, IReadOnlyList<Address> owners)
    {
        _profile = profile;
        _owners = owners;
        _multicall = Address.Parse(profile.Multicall3!);
        // An invalid address is reported once by the reader's context; nothing to read there. Parsed once: EIP-55
        // validation hashes, and a read plans owners × tokens calls.
        _tokens = profile.Tokens.Select(t => Address.TryParse(t.Address, out var a) ? a : (Address?)null).OfType<Address>().ToList();
    }

    /// <inheritdoc />
    public string Protocol => PositionProtocols.Spot;

    /// <inheritdoc />
    public void Plan(MulticallBatch batch)
    {
        _native.Clear();
        _balances.Clear();
        foreach (var owner in _owners)
        {
            _native.Add((owner, batch.Add(_multicall, new GetEthBalanceFunction { Address = owner.ToLowerHex() })));
            foreach (var token in _tokens) _balances.Add((owner, token, batch.Add(token, new BalanceOfFunction { Owner = owner.ToLowerHex() })));
        }
    }

    /// <inheritdoc />
    public AdapterRead Read(IReadOnlyList<CallOutcome> results, SnapshotContext context)
    {
        var readings = new List<PositionReading>();
        var native = _profile.Native;
        foreach (var (owner, index) in _native)
        {
            readings.AddRange(Holding(Balance<EthBalanceOutput>(results[index], b => b.Balance), context, owner, Address.Zero, native.Symbol, native.Underlying, native.Decimals));
        }
        foreach (var (owner, token, index) in _balances)
        {
            if (!context.TryGetToken(token, out var info)) continue; // every profile token is in the context
            readings.AddRange(Holding(Balance<BalanceOfOutput>(results[index], b => b.Balance), context, owner, token, info.Symbol, info.Underlying, info.Decimals));
        }
        return AdapterRead.Done(readings);
    }

    /// <summary>The balance a call returned, or why there is none.</summary>
    private static (BigInteger? Balance, string? Error) Balance<TOutput>(CallOutcome outcome, Func<TOutput, BigInteger> balance) where TOutput : class, new() =>
        outcome.TryDecode<TOutput>(out var output, out var error) ? (balance(output), null) : (null, error);

    private IEnumerable<PositionReading> Holding(
        (BigInteger? Balance, string? Error) read, SnapshotContext context, Address owner, Address contract, string symbol, string underlying, int decimals)
    {
        string id = $"{Protocol}:{context.Chain}:{owner}:{symbol}";
        if (read.Balance is not { } raw)
        {
            var error = read.Error;
            yield return new PositionReading(Protocol, context.Chain, owner, contract, context.BlockNumber, id, [underlying], null,
                new RawValues().Build(), $"{symbol} balance of {owner}: {error}");
            yield break;
        }
        if (raw.IsZero) yield break;
        double quantity = TokenAmount.ToUnits(raw, decimals);
        yield return new PositionReading(Protocol, context.Chain, owner, contract, context.BlockNumber, id, [underlying],
            new SpotHolding(underlying, symbol, quantity), new RawValues().Add("balance", raw).Add("decimals", decimals).Build(), null)
        {
            Decoded = new Dictionary<string, double> { ["quantity"] = quantity },
        };
    }
}
