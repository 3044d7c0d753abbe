using System.Globalization;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Strategies;

namespace ExposureWeb.Engine.Strategies;

// The short-Greek limits' proposal (volatility-harvest budget, gamma cap, vega cap): buy back short options.
public sealed partial class StrategyProposals
{
    /// <summary>
    /// Relative margin inside a Greek's limit, so that the Greek's drift with time to expiry before the trade lands does not
    /// carry it straight back over.
    /// </summary>
    public const double GammaBudgetMargin = 1e-4;

    private Task<StrategyProposal> VolatilityHarvestAsync(Context c, VolatilityHarvestDefinition vh, CancellationToken ct)
    {
        var gamma = c.Snapshot.Assets.FirstOrDefault(a => string.Equals(a.Underlying, vh.Underlying, StringComparison.OrdinalIgnoreCase))?.DollarGammaPerPercent ?? 0;
        return BuybackAsync(c, BuybackGreek.DollarGamma, -gamma, vh.GammaBudgetPerPercent, vh.Underlying, $"short {vh.Underlying} dollar gamma", "USD/1%", ct);
    }

    private Task<StrategyProposal> GammaCapAsync(Context c, GammaCapDefinition cap, CancellationToken ct)
    {
        var gamma = c.Snapshot.NetDollarGamma;
        return gamma > 0
            ? Task.FromResult(Empty(c, "options", "long dollar gamma over the cap: no short option to buy back", "Sell long options (or hedge them) on their venue to bring it within the cap."))
            : BuybackAsync(c, BuybackGreek.DollarGamma, -gamma, cap.MaxDollarGammaPerPercent, null, "short dollar gamma", "USD/1%", ct);
    }

    private Task<StrategyProposal> VegaCapAsync(Context c, VegaCapDefinition cap, CancellationToken ct)
    {
        var vega = c.Snapshot.NetVegaPerVolPoint;
        return vega > 0
            ? Task.FromResult(Empty(c, "options", "long vega over the cap: no short option to buy back", "Sell long options on their venue to bring it within the cap."))
            : BuybackAsync(c, BuybackGreek.Vega, -vega, cap.MaxVegaPerVolPoint, null, "short vega", "USD/vol pt", ct);
    }

    /// <summary>
    /// The short options (of <paramref name="underlying"/>, or of any), bought back cheapest Greek per premium dollar first
    /// (<see cref="OptionBuyback"/>) until <paramref name="shortNow"/> is within <paramref name="limit"/>. Greeks and premium are
    /// the engine's own per-position figures at the snapshot's block (Black-Scholes at its volatility); the premium is the
    /// model's mid, not a venue's ask. No transaction is built: there is no option venue whose order the wallet could sign here.
    /// </summary>
    private async Task<StrategyProposal> BuybackAsync(Context c, BuybackGreek greek, double shortNow, double limit, string? underlying, string what, string unit, CancellationToken ct)
    {
        var excess = shortNow - limit * (1 - GammaBudgetMargin);
        if (excess <= 0) return Empty(c, "options", $"{what} is within the limit at this block");

        // Quantities: on-chain options from a read at the snapshot's block, manual ones from the portfolio.
        var positions = await ReadPositionsAsync(c, ct).ConfigureAwait(false);
        var instruments = positions.Positions.Where(p => p.Instrument is not null).Select(p => (p.Id, p.Instrument!))
            .Concat(c.Portfolio.Manual.Select(m => (m.Id, m.Instrument)))
            .ToDictionary(x => x.Item1, x => x.Item2, StringComparer.Ordinal);
        var shorts = c.Snapshot.Positions
            .Where(r => r.ValueUsd is not null && r.DollarGammaPerPercent is not null)
            .Select(r => (Row: r, Option: instruments.GetValueOrDefault(r.Id) as EuropeanOption))
            .Where(x => x.Option is { Quantity: < 0 } o && (underlying is null || string.Equals(o.Underlying, underlying, StringComparison.OrdinalIgnoreCase)))
            .Select(x => new ShortOption(x.Row.Id, x.Row.Description, x.Option!.Quantity, x.Row.DollarGammaPerPercent!.Value, x.Row.ValueUsd!.Value, x.Row.VegaPerVolPoint ?? 0))
            .ToList();
        var plan = OptionBuyback.Plan(shorts, excess, greek);

        var notes = new List<string>
        {
            "No transaction is built: ExposureWeb has no option venue to send the order to. Buy back on the venue you sold on; the next block's verdict follows the position.",
            "The premium is the model's mid (Black-Scholes at the engine's volatility); a venue's ask is higher.",
        };
        if (c.Snapshot.PositionsOmitted > 0) notes.Add($"{c.Snapshot.PositionsOmitted} position(s) beyond the snapshot's first ones were not considered.");
        var scope = underlying is null ? "" : $" {underlying}";
        if (plan.Uncovered > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Buying back every short{scope} option leaves {plan.Uncovered:#,0.##} {unit} of {what} over the limit: it comes from positions other than options (Uniswap ranges), which must be reduced by hand."));
        }
        if (plan.Legs.Count == 0) return Empty(c, "options", $"no short{scope} option to buy back", [.. notes]);

        var options = plan.Legs.Select(l => new FixOption("buy back", l.Description, "", l.Options, l.CostUsd, null, true, null, l.CostUsd)).ToList();
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"buy back {string.Join(" and ", plan.Legs.Select(l => $"{l.Options:#,0.######} of {l.Description}"))}: {what} {shortNow:#,0.##} → {Math.Max(0, shortNow - plan.Reduced):#,0.##} {unit} (limit {limit:#,0.##})");
        return new StrategyProposal(c.Strategy.Row.Id, c.Strategy.Row.Version, c.Status.Kind, c.Chain.Name, c.Snapshot.BlockNumber, c.Snapshot.BlockHash,
            c.Status.Text, $"buy back short{scope} options", summary, null, null, options, [], 0, null, plan.CostUsd,
            new ProposalAfter(null, null, c.Snapshot.MinHealthFactor, c.Snapshot.NetDollarGamma + plan.GammaChangePerPercent,
                c.Snapshot.NetVegaPerVolPoint + plan.VegaChangePerVolPoint), notes);
    }
}
