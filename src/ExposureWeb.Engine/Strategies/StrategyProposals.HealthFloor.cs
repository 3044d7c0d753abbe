using System.Globalization;
using System.Numerics;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Risk.Governance;
using ExposureWeb.Risk.Strategies;

namespace ExposureWeb.Engine.Strategies;

// The health-factor floor: every fix sized with Aave's own integer formula, each with its transactions and what it
// costs, the cheapest feasible one chosen.
public sealed partial class StrategyProposals
{
    /// <summary>A fix and the transactions that carry it out (empty when it cannot be done).</summary>
    private sealed record FixCandidate(FixOption Option, IReadOnlyList<UnsignedTransaction> Transactions);

    private async Task<StrategyProposal> HealthFloorAsync(Context c, HealthFactorFloorDefinition floor, CancellationToken ct)
    {
        var aave = c.Chain.AaveV3 ?? throw new InvalidOperationException($"chain {c.Chain.Name} has no Aave v3");
        var positions = await ReadPositionsAsync(c, ct).ConfigureAwait(false);
        var account = positions.Of(PositionProtocols.AaveV3)
            .Where(r => r.Decoded.TryGetValue("healthFactor", out var hf) && hf < floor.Floor)
            .OrderBy(r => r.Decoded["healthFactor"]).FirstOrDefault();
        if (account is null) return Empty(c, "Aave v3", "no account below the floor at this block");
        if (account.Decoded.TryGetValue("eModeCategory", out var eMode) && eMode != 0)
        {
            return Empty(c, "Aave v3", "the account is in an eMode category, which the formula does not model", "Repay or supply by hand.");
        }
        var legs = account.AaveLegs ?? throw new InvalidOperationException($"account {account.Owner}: the reading lacks a value the formula needs");
        var owner = account.Owner;
        // A hair above the target: debt interest accrues between the quoted block and the one the wallet's transaction
        // lands in (1e-5 covers about 1.5 hours at 5% APR), so the account arrives at, not just below, the target.
        var target = HedgeSizing.Wad(floor.Target * (1 + AccrualMargin));
        var pool = Address.Parse(aave.Pool);
        var usdPerGas = await UsdPerGasAsync(c, ct).ConfigureAwait(false);
        var candidates = new List<FixCandidate>();

        foreach (var leg in legs.Where(l => !l.Borrowed.IsZero))
        {
            var symbol = SymbolOf(c.Chain, positions, leg.Asset);
            var amount = HedgeSizing.RepayToReach(legs, leg.Asset, target);
            var balance = await BalanceAsync(c, Address.Parse(leg.Asset), owner, ct).ConfigureAwait(false);
            candidates.Add(await PoolFixAsync("repay", symbol, leg, amount, balance, legs, (l, a) => l with { Borrowed = l.Borrowed - a },
                "repaying all of it falls short of the target").ConfigureAwait(false));
        }
        foreach (var reserve in positions.AaveReserves)
        {
            var config = reserve.Configuration;
            if (config.LiquidationThreshold == 0 || !config.Active || config.Frozen || config.Paused || reserve.Price is not { } price) continue;
            var asset = reserve.Asset.ToString();
            var existing = legs.FirstOrDefault(l => string.Equals(l.Asset, asset, StringComparison.OrdinalIgnoreCase));
            var isNew = existing == default;
            var leg = isNew ? new AaveAccountLeg(asset, 0, 0, config.Decimals, price, config.Ltv, config.LiquidationThreshold, config.Ltv != 0) : existing;
            if (!leg.UsedAsCollateral) continue;
            var balance = await BalanceAsync(c, reserve.Asset, owner, ct).ConfigureAwait(false);
            if (balance.IsZero) continue;
            var amount = HedgeSizing.SupplyToReach(legs, asset, balance, target, isNew ? leg : null);
            var withLeg = isNew ? legs.Append(leg).ToList() : legs;
            candidates.Add(await PoolFixAsync("supply", reserve.Symbol ?? asset, leg,
                amount ?? HedgeSizing.SupplyToReach(legs, asset, balance * 1000, target, isNew ? leg : null), balance,
                withLeg, (l, a) => l with { Supplied = l.Supplied + a }, "not even all of it would reach the target").ConfigureAwait(false));
        }
        candidates.AddRange(await CollateralSwapsAsync(c, positions, legs, owner, target, usdPerGas, ct).ConfigureAwait(false));

        // Cheapest by what the fix costs (gas, plus slippage and fee for a swap); a repay and a supply cost only gas and
        // keep their value (less debt, more collateral), so the capital a fix ties up only breaks a tie.
        var chosen = candidates.Where(o => o.Option.WhyNot is null)
            .OrderBy(o => o.Option.CostUsd ?? double.MaxValue).ThenBy(o => o.Option.ValueUsd).FirstOrDefault();
        var notes = new List<string>();
        if (chosen is null) notes.Add("No fix can lift the health factor to the target: add to the wallet a token the account owes or can supply.");
        else if (chosen.Option.Quote is { } q && q.AmountOut != q.AmountOutMinimum)
        {
            notes.Add($"The swap supplies its guaranteed minimum, {MinimumUnits(q):0.######} {q.TokenOut}: what it returns beyond that "
                + $"(up to {q.AmountOutUnits - MinimumUnits(q):0.######} {q.TokenOut} at the quote) stays in the wallet.");
        }
        var ordered = candidates.Select(o => o.Option with { Chosen = ReferenceEquals(o, chosen) })
            .OrderByDescending(o => o.Chosen).ThenBy(o => o.WhyNot is null ? 0 : 1).ThenBy(o => o.CostUsd ?? double.MaxValue).ThenBy(o => o.ValueUsd).ToList();
        var transactions = chosen?.Transactions.ToList() ?? [];
        var hfBefore = account.Decoded["healthFactor"];
        string summary = "no fix the account's wallet can carry out", instrument = "Aave v3";
        if (chosen?.Option is { } best)
        {
            var what = best.IntoToken is { } into
                ? $"swap collateral {best.AmountUnits:0.####} {best.Token} → {MinimumUnits(chosen.Option.Quote!):0.####} {into}"
                : $"{best.Action} {best.AmountUnits:0.####} {best.Token}";
            summary = $"{what}: health factor {hfBefore:0.####} → {best.HealthFactorAfter:0.####} (target {floor.Target:0.###})";
            instrument = best.IntoToken is { } to ? $"Aave v3 collateral {best.Token}→{to} through Uniswap v3 {chosen.Option.Quote!.FeeTier / 10_000.0:0.##}%" : $"Aave v3 {best.Action} {best.Token}";
        }
        return new StrategyProposal(c.Strategy.Row.Id, c.Strategy.Row.Version, c.Status.Kind, c.Chain.Name, c.Snapshot.BlockNumber, c.Snapshot.BlockHash,
            c.Status.Text, instrument, summary, owner.ToString(), chosen?.Option.Quote, ordered, transactions, chosen?.Option.GasUnits ?? 0,
            chosen is null ? null : usdPerGas * chosen.Option.GasUnits, chosen?.Option.CostUsd,
            new ProposalAfter(null, null, chosen?.Option.HealthFactorAfter, c.Snapshot.NetDollarGamma, c.Snapshot.NetVegaPerVolPoint), notes);

        // A repay or a supply: the Pool takes the tokens from the wallet (after an approve when the allowance is short).
        async Task<FixCandidate> PoolFixAsync(string action, string symbol, AaveAccountLeg leg, BigInteger? amount, BigInteger balance,
            IReadOnlyList<AaveAccountLeg> all, Func<AaveAccountLeg, BigInteger, AaveAccountLeg> apply, string shortfall)
        {
            if (amount is not { } a) return new FixCandidate(new FixOption(action, symbol, "", 0, 0, null, false, shortfall), []);
            var asset = Address.Parse(leg.Asset);
            var units = FromBase(a, leg.Decimals);
            var value = ValueUsd(a, leg);
            var afterLegs = all.Select(l => string.Equals(l.Asset, leg.Asset, StringComparison.OrdinalIgnoreCase) ? apply(l, a) : l).ToList();
            var hf = AaveAccountFormula.Compute(afterLegs).HealthFactor;
            var option = new FixOption(action, symbol, a.ToString(CultureInfo.InvariantCulture), units, value, hf, false, null);
            if (balance < a) return new FixCandidate(option with { WhyNot = $"the wallet holds {FromBase(balance, leg.Decimals):0.######} {symbol}, {units:0.######} are needed" }, []);
            var transactions = new List<UnsignedTransaction>();
            await ApproveIfShortAsync(c, transactions, asset, owner, pool, "Aave Pool", a, $"{units:0.######} {symbol}", ct).ConfigureAwait(false);
            transactions.Add(action == "repay"
                ? Tx($"repay {units:0.######} {symbol} of variable debt", owner, pool, new RepayFunction { Asset = asset.ToString(), Amount = a, OnBehalfOf = owner.ToString() }, RepayGas)
                : Tx($"supply {units:0.######} {symbol} as collateral", owner, pool, new SupplyFunction { Asset = asset.ToString(), Amount = a, OnBehalfOf = owner.ToString() }, SupplyGas));
            var gas = GasOf(transactions);
            return new FixCandidate(option with { GasUnits = gas, CostUsd = usdPerGas * gas }, transactions);
        }
    }

    /// <summary>The swap's guaranteed minimum out, token units.</summary>
    private static double MinimumUnits(SwapQuote q) =>
        q.AmountOutUnits * (double)BigInteger.Parse(q.AmountOutMinimum, CultureInfo.InvariantCulture) / (double)BigInteger.Parse(q.AmountOut, CultureInfo.InvariantCulture);

    private static long GasOf(IEnumerable<UnsignedTransaction> transactions) => transactions.Sum(t => (long)HexQuantity.ParseBigInteger(t.Gas));

    /// <summary>Base units of a reserve in USD at the Aave oracle (8-decimal USD base currency).</summary>
    private static double ValueUsd(BigInteger amount, AaveAccountLeg leg) => (double)(amount * leg.Price / BigInteger.Pow(10, leg.Decimals)) / 1e8;
}
