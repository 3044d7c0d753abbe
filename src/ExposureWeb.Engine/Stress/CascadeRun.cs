using System.Globalization;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Scenarios;

namespace ExposureWeb.Engine.Stress;

/// <summary>
/// A cascade run over a stress book: the portfolio's own lending accounts go to Risk's <see cref="LiquidationCascade"/>,
/// every other position is revalued by the scenario book at each round's driver price, and the path is shaped for the
/// stored result.
/// </summary>
internal static class CascadeRun
{
    public static string Driver(StressRunParameters p) => (p.Driver ?? StressRunParameters.DefaultDriver).Trim();

    public static string Quote(StressRunParameters p) => (p.Quote ?? StressRunParameters.DefaultQuote).Trim();

    public static (StressCascade Summary, IReadOnlyList<string> Notes) Compute(StressRunParameters p, StressBook source, CascadePoolRead pool, IStressProgress progress, CancellationToken ct)
    {
        string driver = Driver(p);
        var settings = new CascadeSettings(driver, p.DriverMove ?? StressRunParameters.DefaultDriverMove,
            p.MaxRounds ?? StressRunParameters.DefaultMaxRounds, ExtraSoldPerRound: p.ExtraSoldPerRound ?? 0);
        var risk = source.Risk;
        // Only the accounts this book priced: the rest of its positions (and what it left out) are as the scenario book has them.
        var lending = risk.Positions.Where(x => x.Position.Instrument is LendingAccount).ToList();
        var accounts = lending.Select(x => new CascadeAccount(x.Position.Id, (LendingAccount)x.Position.Instrument)).ToList();
        var rest = ScenarioBook.Build(risk with { Positions = risk.Positions.Except(lending).ToList(), Unpriced = [] }, source.Market);

        var prices = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        var needed = accounts.SelectMany(a => a.Account.Supplies.Select(s => s.Underlying).Concat(a.Account.Debts.Select(d => d.Underlying))).Append(driver);
        foreach (var u in needed.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!source.Market.TryGetPrice(u, out double price, out var problem)) throw new StressRunException($"no usable price for {u} at block {source.BlockNumber:N0} ({problem}).");
            prices[u] = price;
        }
        double basePrice = prices[driver];
        var scope = ScenarioScope.Only(driver);
        double RestValue(double driverPrice) => rest.Run(new ScenarioCell(driverPrice / basePrice - 1, 0), scope).ValueUsd;

        void OnRound(CascadeRound r) => progress.Set(0.1 + 0.85 * r.Round / settings.MaxRounds,
            string.Create(CultureInfo.InvariantCulture, $"round {r.Round}: {driver} {Format(r.PriceUsd)}, {r.Liquidated.Count} liquidated, {r.SoldDriver:G4} {driver} sold"));
        CascadeResult cascade;
        try
        {
            cascade = LiquidationCascade.Run(accounts, prices, pool.Pool, settings, RestValue, OnRound, ct);
        }
        catch (ArgumentException ex)
        {
            throw new StressRunException($"the cascade could not run: {ex.Message}");
        }

        var path = cascade.Rounds.Select(r => new StressCascadeRound(r.Round, r.PriceUsd, r.PoolPrice, r.SoldDriver, r.ExtraSoldDriver, r.SeizedDriver, r.SeizedUsd,
            r.DebtRepaidUsd, r.Liquidated, r.MinHealthFactor, r.ValueUsd, r.ValueUsd - cascade.BaseValueUsd)).ToList();
        var read = pool.Read;
        var notes = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"Pool {pool.Label} ({read.Pool}) read at block {read.BlockNumber:N0}: {read.WordsRead} tick-bitmap words around the price, {read.Liquidity.Ticks.Count} initialized ticks."),
            $"{accounts.Count} lending account(s) of this portfolio in the cascade; the portfolio's other positions are revalued at each round's {driver} price, other prices held.",
        };
        notes.AddRange(cascade.Notes);
        var summary = new StressCascade(driver, settings.DriverMove, basePrice, read.Pool.ToString(), pool.Label, cascade.Stop.ToString(), settings.MaxRounds,
            settings.ExtraSoldPerRound, cascade.LeftReadRange, cascade.UnsoldDriver, cascade.ShortfallUsd, path);
        return (summary, notes);
    }

    private static string Format(double usd) => usd.ToString("$#,0.##", CultureInfo.InvariantCulture);
}
