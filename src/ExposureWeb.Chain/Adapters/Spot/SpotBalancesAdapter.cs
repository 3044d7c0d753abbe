using System.Numerics;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Risk.Instruments;

namespace ExposureWeb.Chain.Adapters.Spot;

/// <summary>
/// Native and ERC-20 balances of a set of addresses, planned into a <see cref="MulticallBatch"/>
/// and mapped to <see cref="SpotHolding"/>s. Token decimals are read on chain in the same batch and
/// win over the profile; a disagreement is reported.
/// </summary>
public sealed class SpotBalancesAdapter
{
    private readonly ChainProfile _profile;
    private readonly IReadOnlyList<Address> _owners;
    private readonly List<(int Index, Address Owner)> _native = [];
    private readonly List<(int Index, Address Owner, TokenProfile Token)> _balances = [];
    private readonly Dictionary<string, int> _decimals = new(StringComparer.OrdinalIgnoreCase);

    public SpotBalancesAdapter(ChainProfile profile, IReadOnlyList<Address> owners, MulticallBatch batch)
    {
        _profile = profile;
        _owners = owners;
        var multicall = Address.Parse(profile.Multicall3!);
        foreach (var token in profile.Tokens)
        {
            _decimals[token.Symbol] = batch.Add(Address.Parse(token.Address), Erc20.Decimals.EncodeCall());
        }
        foreach (var owner in owners)
        {
            _native.Add((batch.Add(multicall, Multicall3.GetEthBalance.EncodeCall(owner)), owner));
            foreach (var token in profile.Tokens)
            {
                _balances.Add((batch.Add(Address.Parse(token.Address), Erc20.BalanceOf.EncodeCall(owner)), owner, token));
            }
        }
    }

    /// <summary>Holdings with a nonzero balance, plus one error line per failed read.</summary>
    public (IReadOnlyList<SpotHolding> Holdings, IReadOnlyList<string> Errors) Read(IReadOnlyList<CallOutcome> results)
    {
        var holdings = new List<SpotHolding>();
        var errors = new List<string>();
        var native = _profile.Native;
        foreach (var (index, owner) in _native)
        {
            if (!results[index].TryDecode(Multicall3.GetEthBalance, out var balance, out var error)) { errors.Add($"{native.Symbol} balance of {owner}: {error}"); continue; }
            var wei = (BigInteger)balance[0];
            if (!wei.IsZero) holdings.Add(new SpotHolding(native.Underlying, native.Symbol, TokenAmount.ToUnits(wei, native.Decimals)));
        }

        var decimals = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var token in _profile.Tokens)
        {
            if (!results[_decimals[token.Symbol]].TryDecode(Erc20.Decimals, out var reported, out var error)) { errors.Add($"{token.Symbol} decimals(): {error}"); continue; }
            var onChain = (int)(BigInteger)reported[0];
            if (onChain != token.Decimals)
            {
                errors.Add($"{token.Symbol}: the profile says {token.Decimals} decimals but the token reports {onChain}; using {onChain}");
            }
            decimals[token.Symbol] = onChain;
        }

        foreach (var (index, owner, token) in _balances)
        {
            if (!results[index].TryDecode(Erc20.BalanceOf, out var balance, out var error)) { errors.Add($"{token.Symbol} balance of {owner}: {error}"); continue; }
            if (!decimals.TryGetValue(token.Symbol, out var d)) continue; // already reported above
            var raw = (BigInteger)balance[0];
            if (!raw.IsZero) holdings.Add(new SpotHolding(token.Underlying, token.Symbol, TokenAmount.ToUnits(raw, d)));
        }
        return (holdings, errors);
    }

    public IReadOnlyList<Address> Owners => _owners;
}
