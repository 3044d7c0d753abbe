using ExposureWeb.Risk.Exposure;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Market;
using ExposureWeb.Risk.Pricing.Models;

namespace ExposureWeb.Risk.Portfolios;

/// <summary>
/// Prices every position of a portfolio with <see cref="PricingModels"/> and aggregates per underlying, per
/// portfolio and per workspace, carrying provenance. A position that cannot be priced is listed with its reason
/// and the rest are still shown.
/// </summary>
public static class RiskCalculator
{
    /// <summary>Risk of one portfolio.</summary>
    /// <param name="portfolio">Positions to value.</param>
    /// <param name="market">Prices, volatilities, rates, block.</param>
    /// <param name="models">Models to use; <see cref="PricingModels.Default"/> when null.</param>
    public static PortfolioRisk Compute(Portfolio portfolio, MarketSnapshot market, PricingModels? models = null)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        return ComputeMany([portfolio], market, models)[0];
    }

    /// <summary>
    /// Risk of many portfolios in one market (the engine's whole chain at one block): every distinct position is priced
    /// once — a position held through an address several portfolios watch is the same position (same id) in each — the
    /// options of all portfolios together through the batch kernel, then each portfolio is aggregated from those prices.
    /// </summary>
    /// <param name="portfolios">The portfolios; position ids must identify the same instrument across them.</param>
    /// <param name="market">Prices, volatilities, rates, block.</param>
    /// <param name="models">Models to use; <see cref="PricingModels.Default"/> when null.</param>
    /// <returns>One risk per portfolio, in order.</returns>
    public static IReadOnlyList<PortfolioRisk> ComputeMany(IReadOnlyList<Portfolio> portfolios, MarketSnapshot market, PricingModels? models = null)
    {
        ArgumentNullException.ThrowIfNull(portfolios);
        ArgumentNullException.ThrowIfNull(market);
        models ??= PricingModels.Default;

        var distinct = new List<Position>();
        var slot = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var portfolio in portfolios)
        {
            foreach (var position in portfolio.Positions)
            {
                if (slot.TryAdd(position.Id, distinct.Count)) distinct.Add(position);
            }
        }
        var results = PriceAll(distinct, market, models);
        var risks = new PortfolioRisk[portfolios.Count];
        for (int i = 0; i < portfolios.Count; i++) risks[i] = Aggregate(portfolios[i], market, results, slot, models);
        return risks;
    }

    /// <summary>One result per position, in order: options through the batch kernel when it applies, the rest one by one.</summary>
    private static PricingResult[] PriceAll(IReadOnlyList<Position> positions, MarketSnapshot market, PricingModels models)
    {
        var results = new PricingResult[positions.Count];
        var batched = PriceOptionsInBatch(positions, market, models, out var batchedHandled);
        int option = 0; // options come back in position order
        for (int index = 0; index < positions.Count; index++)
        {
            var position = positions[index];
            bool fromBatch = batched is not null && position.Instrument is EuropeanOption && batchedHandled![option++];
            results[index] = fromBatch ? batched![option - 1] : models.Value(position.Instrument, market);
        }
        return results;
    }

    private static PortfolioRisk Aggregate(Portfolio portfolio, MarketSnapshot market, PricingResult[] results, Dictionary<string, int> slot, PricingModels models)
    {
        var priced = new List<PositionRisk>(portfolio.Positions.Count);
        var unpriced = new List<UnpricedPosition>();
        var liquidations = new List<PositionLiquidation>();
        // A portfolio nets into a handful of underlyings: a list searched linearly beats hashing every name.
        var byUnderlying = new List<(string Underlying, Greeks Greeks)>();
        List<string>? flags = null;
        double value = 0;
        double? minHealth = null;

        for (int index = 0; index < portfolio.Positions.Count; index++)
        {
            var position = portfolio.Positions[index];
            var result = results[slot[position.Id]];
            if (result.Valuation is not { } valuation)
            {
                unpriced.Add(new UnpricedPosition(portfolio.Id, position, result.Error ?? "not priced."));
                continue;
            }
            priced.Add(new PositionRisk(position, valuation));
            value += valuation.ValueUsd;
            foreach (var s in valuation.Sensitivities)
            {
                int at = IndexOf(byUnderlying, s.Underlying);
                if (at < 0) byUnderlying.Add((s.Underlying, s.Greeks));
                else byUnderlying[at] = (byUnderlying[at].Underlying, byUnderlying[at].Greeks + s.Greeks);
            }
            if (valuation.Flags.Count > 0)
            {
                flags ??= [];
                foreach (var f in valuation.Flags) flags.Add($"{position.Id}: {f}");
            }
            switch (valuation.Detail)
            {
                case LendingDetail lending:
                    if (!double.IsInfinity(lending.Health.HealthFactor) || minHealth is null)
                    {
                        minHealth = Math.Min(minHealth ?? double.PositiveInfinity, lending.Health.HealthFactor);
                    }
                    foreach (var l in lending.Health.LiquidationPrices) liquidations.Add(new(portfolio.Id, position.Id, l));
                    break;
                case PerpDetail perp:
                    liquidations.Add(new(portfolio.Id, position.Id, perp.Liquidation));
                    break;
                case CrossMarginDetail cross:
                    foreach (var l in cross.Liquidations) liquidations.Add(new(portfolio.Id, position.Id, l));
                    break;
            }
        }

        // A quantity needs no price: what unpriced positions hold still counts in units (UnitExposure); an underlying only
        // they touch still gets its row, and one whose delta needs a price (an option) says its units are partial.
        var unpricedUnits = new List<UnpricedHolding>();
        foreach (var u in unpriced)
        {
            var instrument = u.Position.Instrument;
            // The reason in the words the totals use: the underlyings it lacks a price for, else the model's own.
            var why = string.Join("; ", PartialTotals.Why(u, PricesOf(instrument, market)));
            var greeksPartial = UnitExposure.IsLinear(instrument) ? null : why;
            if (UnitExposure.Of(instrument) is { } held)
            {
                foreach (var (underlying, units) in held) AddUnits(unpricedUnits, new(underlying, units, null, greeksPartial));
            }
            else if (DeltaAtFlaggedPrices(instrument, market, models) is { } deltas)
            {
                // An option's delta needs a price: the flagged one (stale, pinned) is the last the oracle gave, so its
                // units are worked out at it and the row says so; its USD figures stay out.
                foreach (var (underlying, units, note) in deltas) AddUnits(unpricedUnits, new(underlying, units, null, greeksPartial) { UnitsNote = note });
            }
            else
            {
                foreach (var underlying in UnitExposure.Underlyings(instrument)) AddUnits(unpricedUnits, new(underlying, 0, why, greeksPartial));
            }
        }
        foreach (var (underlying, _, _, _) in unpricedUnits)
        {
            if (IndexOf(byUnderlying, underlying) < 0) byUnderlying.Add((underlying, default));
        }

        var underlyings = new List<UnderlyingRisk>(byUnderlying.Count);
        var touched = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (underlying, greeks) in byUnderlying)
        {
            double? price = market.TryGetPrice(underlying, out double p, out var quote, out _) ? p : null;
            quote ??= market.QuoteOf(underlying);
            var extra = unpricedUnits.Find(x => string.Equals(x.Underlying, underlying, StringComparison.OrdinalIgnoreCase));
            // Without a price the option's own reason is the underlying's: say that, not the option's model error.
            var unitsPartial = extra?.UnitsPartial is null ? null : price is null ? PartialTotals.Unpriced(underlying, quote) : extra.UnitsPartial;
            var greeksPartial = extra?.GreeksPartial is null ? null : price is null ? PartialTotals.Unpriced(underlying, quote) : extra.GreeksPartial;
            underlyings.Add(new UnderlyingRisk(underlying, price, greeks, quote)
            {
                UnpricedUnits = extra?.Units ?? 0,
                UnitsPartial = unitsPartial,
                UnitsNote = extra?.UnitsNote,
                GreeksPartial = greeksPartial,
            });
            touched.Add(underlying);
        }
        Order(underlyings);

        // Oracles of unpriced positions matter too: a stale feed is usually why they are unpriced.
        var provenance = new Provenance(market.ValuationTime, market.BlockNumber, market.BlockNumber,
            Stamps(touched, market), flags ?? (IReadOnlyList<string>)[]);
        var risk = new PortfolioRisk(portfolio.Id, value, underlyings, priced, unpriced, minHealth, liquidations, provenance);
        return risk with { Partial = PartialTotals.Of(risk) };
    }

    /// <summary>The price rows <see cref="PartialTotals.Why"/> reads: each underlying of the instrument, priced or not.</summary>
    private static List<UnderlyingRisk> PricesOf(IInstrument instrument, MarketSnapshot market) =>
        UnitExposure.Underlyings(instrument).Select(u => new UnderlyingRisk(u, market.TryGetPrice(u, out var p, out var quote, out _) ? p : null, default, quote ?? market.QuoteOf(u))).ToList();

    /// <summary>What unpriced positions hold of one underlying, and why its units or Greeks are partial (null when whole).</summary>
    private sealed record UnpricedHolding(string Underlying, double Units, string? UnitsPartial, string? GreeksPartial)
    {
        /// <summary>How the units were worked out when not plainly held (an option's delta at a flagged price).</summary>
        public string? UnitsNote { get; init; }
    }

    /// <summary>
    /// The deltas of a position whose delta needs a price, at the flagged quotes (positive, but stale or pinned), with a
    /// note naming them; null when even those cannot price it (no quote, no volatility) or the market already used them.
    /// </summary>
    private static List<(string Underlying, double Units, string Note)>? DeltaAtFlaggedPrices(IInstrument instrument, MarketSnapshot market, PricingModels models)
    {
        if (market.UseFlaggedPrices || models.Value(instrument, market.WithFlaggedPrices()).Valuation is not { } valuation) return null;
        return valuation.Sensitivities.Select(s => (s.Underlying, s.Greeks.Delta,
            $"option deltas at the flagged {s.Underlying} price ({market.QuoteOf(s.Underlying)?.Issue ?? "no issue"})")).ToList();
    }

    private static void AddUnits(List<UnpricedHolding> rows, UnpricedHolding add)
    {
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (!string.Equals(row.Underlying, add.Underlying, StringComparison.OrdinalIgnoreCase)) continue;
            rows[i] = row with
            {
                Units = row.Units + add.Units, UnitsPartial = row.UnitsPartial ?? add.UnitsPartial, GreeksPartial = row.GreeksPartial ?? add.GreeksPartial,
                UnitsNote = row.UnitsNote ?? add.UnitsNote,
            };
            return;
        }
        rows.Add(add);
    }

    /// <summary>Below this many options a portfolio's options are priced one by one: the gather costs more than it saves.</summary>
    private const int MinimumOptionBatch = 4;

    /// <summary>
    /// When the option model can price in batches, prices the portfolio's options in one vectorised pass; returns
    /// one result per option in position order, with <paramref name="handled"/> marking those it priced.
    /// </summary>
    private static PricingResult[]? PriceOptionsInBatch(IReadOnlyList<Position> positions, MarketSnapshot market, PricingModels models, out bool[]? handled)
    {
        handled = null;
        if (models.Option is not IBatchPricingModel<EuropeanOption> batch) return null;
        int count = 0;
        foreach (var p in positions) if (p.Instrument is EuropeanOption) count++;
        if (count < MinimumOptionBatch) return null;

        var options = new EuropeanOption[count];
        count = 0;
        foreach (var p in positions) if (p.Instrument is EuropeanOption o) options[count++] = o;
        var results = new PricingResult[count];
        var done = new bool[count];
        try
        {
            batch.ValueMany(options, market, results, done);
        }
        catch (ArgumentException)
        {
            return null; // one by one instead, where each bad option is reported on its own
        }
        handled = done;
        return results;
    }

    /// <summary>Nets several portfolios' risk into a workspace view.</summary>
    public static WorkspaceRisk Aggregate(IReadOnlyList<PortfolioRisk> portfolios)
    {
        ArgumentNullException.ThrowIfNull(portfolios);
        var greeks = new Dictionary<string, Greeks>(StringComparer.OrdinalIgnoreCase);
        var unpricedUnits = new Dictionary<string, (double Units, string? Partial, string? GreeksPartial)>(StringComparer.OrdinalIgnoreCase);
        var prices = new Dictionary<string, (double? Price, PriceQuote? Quote)>(StringComparer.OrdinalIgnoreCase);
        var oracles = new Dictionary<string, OracleStamp>(StringComparer.OrdinalIgnoreCase);
        var flags = new List<string>();
        var unpriced = new List<UnpricedPosition>();
        double value = 0;
        double? minHealth = null;
        long? first = null, last = null;
        DateTimeOffset time = DateTimeOffset.MinValue;

        foreach (var p in portfolios)
        {
            value += p.ValueUsd;
            foreach (var u in p.Underlyings)
            {
                greeks[u.Underlying] = greeks.GetValueOrDefault(u.Underlying) + u.Greeks;
                var held = unpricedUnits.GetValueOrDefault(u.Underlying);
                unpricedUnits[u.Underlying] = (held.Units + u.UnpricedUnits, held.Partial ?? u.UnitsPartial, held.GreeksPartial ?? u.GreeksPartial);
                prices.TryAdd(u.Underlying, (u.PriceUsd, u.Quote));
            }
            unpriced.AddRange(p.Unpriced);
            if (p.MinHealthFactor is { } hf) minHealth = Math.Min(minHealth ?? double.PositiveInfinity, hf);
            foreach (var o in p.Provenance.Oracles)
            {
                // Keep the oldest stamp per underlying: the workspace is only as fresh as its stalest read.
                if (!oracles.TryGetValue(o.Underlying, out var seen) || o.UpdatedAt < seen.UpdatedAt) oracles[o.Underlying] = o;
            }
            foreach (var f in p.Provenance.Flags) flags.Add($"{p.PortfolioId}/{f}");
            if (p.Provenance.FirstBlock is { } b0) first = first is null ? b0 : Math.Min(first.Value, b0);
            if (p.Provenance.LastBlock is { } b1) last = last is null ? b1 : Math.Max(last.Value, b1);
            if (p.Provenance.ValuationTime > time) time = p.Provenance.ValuationTime;
        }

        var underlyings = greeks.Select(g => new UnderlyingRisk(g.Key, prices[g.Key].Price, g.Value, prices[g.Key].Quote)
        {
            UnpricedUnits = unpricedUnits[g.Key].Units,
            UnitsPartial = unpricedUnits[g.Key].Partial,
            GreeksPartial = unpricedUnits[g.Key].GreeksPartial,
        }).ToList();
        Order(underlyings);
        var provenance = new Provenance(time, first, last, oracles.Values.OrderBy(o => o.Underlying, StringComparer.Ordinal).ToList(), flags);
        return new WorkspaceRisk(value, underlyings, portfolios, unpriced, minHealth, provenance);
    }

    private static int IndexOf(List<(string Underlying, Greeks Greeks)> rows, string underlying)
    {
        for (int i = 0; i < rows.Count; i++)
        {
            if (string.Equals(rows[i].Underlying, underlying, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }

    private static void Order(List<UnderlyingRisk> rows) => rows.Sort((a, b) =>
    {
        // Priced rows first, by |USD delta| descending, then by name (stable).
        int c = b.PriceUsd.HasValue.CompareTo(a.PriceUsd.HasValue);
        if (c != 0) return c;
        c = Math.Abs(b.UsdDelta ?? 0).CompareTo(Math.Abs(a.UsdDelta ?? 0));
        return c != 0 ? c : string.CompareOrdinal(a.Underlying, b.Underlying);
    });

    private static List<OracleStamp> Stamps(HashSet<string> underlyings, MarketSnapshot market)
    {
        var stamps = new List<OracleStamp>(underlyings.Count);
        foreach (var u in underlyings)
        {
            if (market.QuoteOf(u) is { } q)
            {
                stamps.Add(new OracleStamp(u, q.UpdatedAt, (market.ValuationTime - q.UpdatedAt).TotalSeconds, q.Issue));
            }
        }
        stamps.Sort((a, b) => string.CompareOrdinal(a.Underlying, b.Underlying));
        return stamps;
    }
}
