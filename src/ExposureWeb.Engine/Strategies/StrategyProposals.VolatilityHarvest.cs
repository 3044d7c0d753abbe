using System.Globalization;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Strategies;

namespace ExposureWeb.Engine.Strategies;

// The volatility-harvest rule's proposal: buy back short options until short gamma is within the budget.
public sealed partial class StrategyProposals
{
    /// <summary>
    /// Relative margin inside the gamma budget, so that gamma's drift with time to expiry before the trade lands does not
    /// carry it straight back over.
    /// </summary>
    public const double GammaBudgetMargin = 1e-4;

    /// <summary>
    /// The short options of the underlying, bought back cheapest gamma first (<see cref="GammaBuyback"/>) until its short
    /// dollar gamma is within the budget. Gamma, vega and premium are the engine's own per-position figures at the
    /// snapshot's block (Black-Scholes at its volatility); the premium is the model's mid, not a venue's ask. No
    /// transaction is built: there is no option venue whose order the wallet could sign here.
    /// </summary>
    private async Task<StrategyProposal> VolatilityHarvestAsync(Context c, VolatilityHarvestDefinition vh, CancellationToken ct)
    {
        var asset = c.Snapshot.Assets.FirstOrDefault(a => string.Equals(a.Underlying, vh.Underlying, StringComparison.OrdinalIgnoreCase));
        var gamma = asset?.DollarGammaPerPercent ?? 0;
        var target = vh.GammaBudgetPerPercent * (1 - GammaBudgetMargin);
        var excess = -gamma - target;
        if (excess <= 0) return Empty(c, "options", $"short {vh.Underlying} dollar gamma is within the budget at this block");

        // Quantities: on-chain options from a read at the snapshot's block, manual ones from the portfolio.
        var positions = await ReadPositionsAsync(c, ct).ConfigureAwait(false);
        var instruments = positions.Positions.Where(p => p.Instrument is not null).Select(p => (p.Id, p.Instrument!))
            .Concat(c.Portfolio.Manual.Select(m => (m.Id, m.Instrument)))
            .ToDictionary(x => x.Item1, x => x.Item2, StringComparer.Ordinal);
        var shorts = c.Snapshot.Positions
            .Where(r => r.DollarGammaPerPercent < 0 && r.ValueUsd is not null)
            .Select(r => (Row: r, Option: instruments.GetValueOrDefault(r.Id) as EuropeanOption))
            .Where(x => x.Option is { Quantity: < 0 } o && string.Equals(o.Underlying, vh.Underlying, StringComparison.OrdinalIgnoreCase))
            .Select(x => new ShortOption(x.Row.Id, x.Row.Description, x.Option!.Quantity, x.Row.DollarGammaPerPercent!.Value, x.Row.ValueUsd!.Value, x.Row.VegaPerVolPoint ?? 0))
            .ToList();
        var plan = GammaBuyback.Plan(shorts, excess);

        var notes = new List<string>
        {
            "No transaction is built: ExposureWeb has no option venue to send the order to. Buy back on the venue you sold on; the next block's verdict follows the position.",
            "The premium is the model's mid (Black-Scholes at the engine's volatility); a venue's ask is higher.",
        };
        if (c.Snapshot.PositionsOmitted > 0) notes.Add($"{c.Snapshot.PositionsOmitted} position(s) beyond the snapshot's first ones were not considered.");
        if (plan.UncoveredPerPercent > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Buying back every short {vh.Underlying} option leaves {plan.UncoveredPerPercent:#,0.##} USD/1% of short gamma over the budget: it comes from positions other than options (Uniswap ranges), which must be reduced by hand."));
        }
        if (plan.Legs.Count == 0) return Empty(c, "options", $"no short {vh.Underlying} option to buy back", [.. notes]);

        var options = plan.Legs.Select(l => new FixOption("buy back", l.Description, "", l.Options, l.CostUsd, null, true, null)).ToList();
        double gammaAfter = gamma + plan.GammaReducedPerPercent;
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"buy back {string.Join(" and ", plan.Legs.Select(l => $"{l.Options:#,0.######} of {l.Description}"))}: short {vh.Underlying} dollar gamma {-gamma:#,0.##} → {Math.Max(0, -gammaAfter):#,0.##} USD/1% (budget {vh.GammaBudgetPerPercent:#,0.##})");
        return new StrategyProposal(c.Strategy.Row.Id, c.Strategy.Row.Version, c.Status.Kind, c.Chain.Name, c.Snapshot.BlockNumber, c.Snapshot.BlockHash,
            c.Status.Text, $"buy back short {vh.Underlying} options", summary, null, null, options, [], 0, null, plan.CostUsd,
            new ProposalAfter(null, null, c.Snapshot.MinHealthFactor, c.Snapshot.NetDollarGamma + plan.GammaReducedPerPercent,
                c.Snapshot.NetVegaPerVolPoint + plan.Legs.Sum(l => l.VegaChangePerVolPoint)), notes);
    }
}
