using System.Globalization;
using System.Text.Json;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Pricing;
using ExposureWeb.Risk;
using ExposureWeb.Risk.Scenarios;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Engine.Stress;

/// <summary>
/// Runs one stress run row: claims it (Queued → Running), reads the portfolio at the latest block, runs its kind with
/// progress (written to the row and published at most every <see cref="StressOptions.ProgressIntervalMs"/>), and ends it
/// Succeeded with its result in one UPDATE, Failed with the reason in words, or Cancelled. A run the app stops in the
/// middle stays Running until the next start marks it Interrupted (<see cref="StressRunStore.RecoverInterruptedAsync"/>).
/// </summary>
public sealed class StressRunService(
    StressRunStore store,
    StressBookSource books,
    CascadePoolSource pools,
    IOptions<StressOptions> options,
    PriceHistory history,
    IStressRunPublisher publisher,
    StressRunCancellation cancellation,
    TimeProvider time,
    ILogger<StressRunService> logger)
{
    /// <summary>Runs the run once; a run no longer queued (already run, cancelled) is left as it is.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="ct">The host stopping: the run is left Running for the next start to recover.</param>
    public async Task RunAsync(long runId, CancellationToken ct)
    {
        var run = await store.ClaimAsync(runId, time.GetUtcNow(), ct).ConfigureAwait(false);
        if (run is null)
        {
            logger.LogInformation("Stress run {RunId} is not queued (already run, cancelled or deleted): nothing to do", runId);
            return;
        }
        logger.LogInformation("Stress run {RunId} ({Kind}) of portfolio {PortfolioId}: running, attempt {Attempt}", runId, run.Kind, run.PortfolioId, run.Attempt);
        using var cts = cancellation.Register(runId, ct);
        var tracker = new ProgressTracker(run, store, publisher, cts, TimeSpan.FromMilliseconds(options.Value.ProgressIntervalMs), time, logger);
        await Publish(run, StressRunState.Running, 0, "starting", null, null).ConfigureAwait(false);
        tracker.Start();
        try
        {
            var (parameters, errors) = StressRunParameters.Parse(run.Kind, run.ParametersJson, options.Value);
            if (parameters is null) throw new StressRunException(string.Join(" ", errors.Values));
            tracker.Set(0.02, "reading the portfolio at the latest block");
            var book = await books.ReadAsync(run.PortfolioId, cts.Token).ConfigureAwait(false);
            tracker.Set(0.05, $"block {book.BlockNumber:N0} read: {book.Book.PositionCount} positions", book.BlockNumber, book.BlockTime);
            CascadePoolRead? pool = null;
            if (run.Kind == StressRunKind.Cascade)
            {
                tracker.Set(0.07, "reading the pool's liquidity");
                pool = await pools.ReadAsync(book.ChainName, CascadeRun.Driver(parameters), CascadeRun.Quote(parameters), parameters.FeeTier ?? StressRunParameters.DefaultFeeTier,
                    book.BlockNumber, cts.Token).ConfigureAwait(false);
            }
            var result = await Task.Run(() => Compute(run.Kind, parameters, book, tracker, cts.Token, pool), cts.Token).ConfigureAwait(false);
            cts.Token.ThrowIfCancellationRequested();
            await tracker.StopAsync().ConfigureAwait(false);
            var json = JsonSerializer.Serialize(result, StressJson.Options);
            if (await store.SucceedAsync(runId, json, book.BlockNumber, book.BlockTime, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false))
            {
                logger.LogInformation("Stress run {RunId}: succeeded at block {Block}", runId, book.BlockNumber);
                await Publish(run, StressRunState.Succeeded, 1, "done", book.BlockNumber, null).ConfigureAwait(false);
            }
            else
            {
                // Cancelled between the last progress write and the result: the cancel wins, nothing is saved.
                await PublishStored(runId).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The host is stopping: left Running, so the next start marks it Interrupted and runs it again once.
            await tracker.StopAsync().ConfigureAwait(false);
            logger.LogWarning("Stress run {RunId} stopped with the app; it is recovered at the next start", runId);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            await tracker.StopAsync().ConfigureAwait(false);
            await store.CancelAsync(runId, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            await Publish(run, StressRunState.Cancelled, tracker.Fraction, "cancelled", tracker.Block, null).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StressRunException or ArgumentException or InvalidOperationException)
        {
            await tracker.StopAsync().ConfigureAwait(false);
            await FailAsync(run, ex.Message, tracker).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Stress run {RunId} failed", runId);
            await tracker.StopAsync().ConfigureAwait(false);
            await FailAsync(run, $"the run failed unexpectedly ({ex.GetType().Name}: {ex.Message}).", tracker).ConfigureAwait(false);
        }
        finally
        {
            cancellation.Unregister(runId);
            await tracker.StopAsync().ConfigureAwait(false);
        }
    }

    private async Task FailAsync(StressRun run, string error, ProgressTracker tracker)
    {
        if (await store.FailAsync(run.Id, error, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false))
        {
            await Publish(run, StressRunState.Failed, tracker.Fraction, "failed", tracker.Block, error).ConfigureAwait(false);
        }
        else
        {
            await PublishStored(run.Id).ConfigureAwait(false);
        }
    }

    private async Task PublishStored(long runId)
    {
        if (await store.GetRunAsync(runId, CancellationToken.None).ConfigureAwait(false) is { } stored)
        {
            await Publish(stored, stored.State, stored.Progress, stored.Step, stored.BlockNumber, stored.Error).ConfigureAwait(false);
        }
    }

    private async Task Publish(StressRun run, StressRunState state, double progress, string? step, long? block, string? error)
    {
        try
        {
            await publisher.PublishAsync(new StressRunProgress(run.Id, run.PortfolioId, run.Kind, state, progress, step, block, error), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The row holds the truth; a page that missed the message reads it there.
            logger.LogWarning(ex, "Stress run {RunId}: publishing its progress failed", run.Id);
        }
    }

    /// <summary>The kind's figures over the book (CPU-bound, off the caller's thread).</summary>
    internal StressRunResult Compute(StressRunKind kind, StressRunParameters p, StressBook source, IStressProgress progress, CancellationToken ct, CascadePoolRead? pool = null)
    {
        var book = source.Book;
        var notes = new List<string>();
        var result = new StressRunResult
        {
            Kind = kind.ToString(),
            BlockNumber = source.BlockNumber,
            BlockTime = source.BlockTime,
            BaseValueUsd = book.BaseValueUsd,
            Positions = book.PositionCount,
            Excluded = book.Excluded.Select(e => $"{e.Position.Id}: {e.Reason}").ToList(),
        };
        switch (kind)
        {
            case StressRunKind.Grid:
            {
                var cells = StressGrid.Deribit();
                var rows = new List<StressGridCell>(cells.Count);
                for (int i = 0; i < cells.Count; i++)
                {
                    ct.ThrowIfCancellationRequested();
                    progress.Set(0.05 + 0.9 * i / cells.Count, $"cell {i + 1} of {cells.Count}: {cells[i]}");
                    var r = book.Run(cells[i]);
                    rows.Add(new StressGridCell(r.Cell.PriceMove, r.Cell.VolMove, r.Cell.Extended, r.ValueUsd, r.PnlUsd, r.MinHealthFactor, r.Liquidated));
                }
                notes.Add("Deribit's grid: every non-USD underlying moves together; volatility shocks multiply each option's own volatility (×1.5 up, ×0.75 down).");
                return result with { Grid = rows, Notes = notes, WorstPnlUsd = rows.Min(r => r.PnlUsd) };
            }
            case StressRunKind.Historical:
            {
                var wanted = p.Presets is { Count: > 0 } names
                    ? options.Value.HistoricalPresets.Where(x => names.Contains(x.Name, StringComparer.OrdinalIgnoreCase)).ToList()
                    : options.Value.HistoricalPresets;
                var outcomes = new List<StressScenarioOutcome>();
                for (int i = 0; i < wanted.Count; i++)
                {
                    ct.ThrowIfCancellationRequested();
                    var preset = p.VolMove is { } vol ? wanted[i] with { VolMove = vol } : wanted[i];
                    progress.Set(0.05 + 0.9 * i / wanted.Count, $"scenario {i + 1} of {wanted.Count}: {preset.Name}");
                    var r = HistoricalShocks.Run(book, preset);
                    outcomes.Add(Outcome(r));
                    if (r.DefaultedUnderlyings.Count > 0) notes.Add($"{preset.Name}: no move given for {string.Join(", ", r.DefaultedUnderlyings)}; held unchanged.");
                }
                return result with { Scenarios = outcomes, Notes = notes, WorstPnlUsd = outcomes.Count == 0 ? 0 : outcomes.Min(o => o.PnlUsd) };
            }
            case StressRunKind.Correlated:
            {
                string driver = (p.Driver ?? StressRunParameters.DefaultDriver).Trim();
                double move = p.DriverMove ?? StressRunParameters.DefaultDriverMove;
                var needed = Risky(book).Append(driver).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                progress.Set(0.1, "correlation matrix");
                var (matrix, info) = Correlation(needed, p.Correlation, source.ChainName, notes, required: true);
                var vols = Volatilities(needed, source, 1 / MarketConventions.DaysPerYear, notes);
                var outcomes = new List<StressScenarioOutcome>();
                double[] fractions = [0.25, 0.5, 0.75, 1];
                for (int i = 0; i < fractions.Length; i++)
                {
                    ct.ThrowIfCancellationRequested();
                    double m = move * fractions[i];
                    progress.Set(0.2 + 0.75 * i / fractions.Length, string.Create(CultureInfo.InvariantCulture, $"scenario {i + 1} of {fractions.Length}: {driver} {m:+0.##%;-0.##%}"));
                    var shock = CorrelatedShock.Conditional(driver, m, matrix, vols);
                    outcomes.Add(Outcome(ShockRunner.Run(book, shock.ToScenario(0, p.VolMove ?? 0))));
                }
                return result with { Scenarios = outcomes, Correlation = info, Notes = notes, WorstPnlUsd = outcomes.Min(o => o.PnlUsd) };
            }
            case StressRunKind.MonteCarlo:
            {
                var simulated = Risky(book).ToList();
                CorrelationMatrix? matrix = null;
                StressCorrelation? info = null;
                if (simulated.Count > 1)
                {
                    progress.Set(0.06, "correlation matrix");
                    (matrix, info) = Correlation(simulated, p.Correlation, source.ChainName, notes, required: p.Correlation is not null);
                }
                int paths = p.Paths ?? StressRunParameters.DefaultPaths;
                var mcOptions = new MonteCarloVarOptions
                {
                    Paths = paths,
                    Confidence = p.Confidence ?? StressRunParameters.DefaultConfidence,
                    HorizonDays = p.HorizonDays ?? StressRunParameters.DefaultHorizonDays,
                    Seed = p.Seed ?? StressRunParameters.DefaultSeed,
                    Correlation = matrix,
                };
                var mc = MonteCarloVar.Run(book, source.Market, mcOptions,
                    new SyncProgress(f => progress.Set(0.08 + 0.9 * f, string.Create(CultureInfo.InvariantCulture, $"path {Math.Round(f * paths):N0} of {paths:N0}"))), ct);
                notes.AddRange(mc.Notes);
                var summary = new StressMonteCarlo(mc.Paths, mc.Confidence, mc.HorizonDays, mc.Seed, mc.VarUsd, mc.VarStandardErrorUsd, mc.ExpectedShortfallUsd,
                    mc.ExpectedShortfallStandardErrorUsd, mc.MeanPnlUsd, mc.PnlStandardDeviationUsd, mc.PathsWithLiquidation, mc.LiquidationProbability,
                    mc.Histogram.Select(b => new StressHistogramBin(b.LowerUsd, b.UpperUsd, b.Count)).ToList(), mc.SimulatedUnderlyings, mc.Volatilities);
                return result with { MonteCarlo = summary, Correlation = info, Notes = notes, WorstPnlUsd = -mc.VarUsd };
            }
            case StressRunKind.Cascade:
            {
                var cascade = CascadeRun.Compute(p, source, pool ?? throw new StressRunException("the cascade's pool was not read."), progress, ct);
                notes.AddRange(cascade.Notes);
                return result with { Cascade = cascade.Summary, Notes = notes, WorstPnlUsd = cascade.Summary.Path.Min(r => r.PnlUsd) };
            }
            default:
                throw new StressRunException($"{kind} runs are not available yet.");
        }
    }

    private static IEnumerable<string> Risky(ScenarioBook book) => book.Underlyings.Where(u => !ScenarioScope.DefaultPegged.Contains(u));

    private static StressScenarioOutcome Outcome(ShockResult r) =>
        new(r.Name, r.Description, r.ValueUsd, r.PnlUsd, r.MinHealthFactor, r.Liquidated, r.AppliedMoves);

    private static Dictionary<string, double> Volatilities(IReadOnlyList<string> underlyings, StressBook source, double years, List<string> notes)
    {
        var vols = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var u in underlyings)
        {
            var quote = source.Market.Volatility.Find(u, years)
                ?? throw new StressRunException($"no volatility for {u}: configure one (Engine:Volatility) or let the engine observe its price for a while.");
            vols[u] = quote.Volatility;
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{u} volatility {quote.Volatility * 100:0.0}% ({quote.Source}: {quote.Detail})."));
        }
        return vols;
    }

    /// <summary>The correlation over <paramref name="underlyings"/>: configured (pairs not given are 0) or estimated from the engine's price history.</summary>
    /// <param name="required">Estimation failing is an error (else: independent moves, with a note).</param>
    private (CorrelationMatrix Matrix, StressCorrelation Info) Correlation(IReadOnlyList<string> underlyings, string? requested, string chain, List<string> notes, bool required)
    {
        var configured = options.Value.Correlations;
        bool useConfigured = requested is null ? configured.Count > 0 : string.Equals(requested, StressRunParameters.Configured, StringComparison.OrdinalIgnoreCase);
        if (underlyings.Count < 2)
        {
            var single = CorrelationMatrix.Identity(underlyings);
            return (single, Info("none", "one underlying: no correlation needed", single));
        }
        if (useConfigured)
        {
            int n = underlyings.Count;
            var values = new double[n, n];
            var missing = new List<string>();
            for (int i = 0; i < n; i++)
            {
                values[i, i] = 1;
                for (int j = i + 1; j < n; j++)
                {
                    var pair = configured.FirstOrDefault(c =>
                        (string.Equals(c.A, underlyings[i], StringComparison.OrdinalIgnoreCase) && string.Equals(c.B, underlyings[j], StringComparison.OrdinalIgnoreCase)) ||
                        (string.Equals(c.B, underlyings[i], StringComparison.OrdinalIgnoreCase) && string.Equals(c.A, underlyings[j], StringComparison.OrdinalIgnoreCase)));
                    if (pair is null) missing.Add($"{underlyings[i]}/{underlyings[j]}");
                    values[i, j] = values[j, i] = pair?.Rho ?? 0;
                }
            }
            if (missing.Count > 0) notes.Add($"Not in the configured correlations, taken as 0: {string.Join(", ", missing)}.");
            var (matrix, repaired, minEigen) = new CorrelationMatrix(underlyings, values).RepairToPositiveSemiDefinite(1e-8);
            if (repaired) notes.Add(string.Create(CultureInfo.InvariantCulture, $"The configured correlations were not positive semi-definite (smallest eigenvalue {minEigen:G4}); repaired by eigenvalue clipping."));
            var detail = options.Value.CorrelationsSource ?? "Stress:Correlations in the app's configuration";
            notes.Add($"Correlation: configured ({detail}).");
            return (matrix, Info(StressRunParameters.Configured, detail, matrix));
        }
        var bucket = TimeSpan.FromSeconds(options.Value.CorrelationBucketSeconds);
        var histories = underlyings.ToDictionary(u => u, u => (IReadOnlyList<PricePoint>)history.Points(chain, u).Select(x => new PricePoint(x.At, x.Price)).ToList(), StringComparer.OrdinalIgnoreCase);
        try
        {
            var estimate = CorrelationEstimator.Estimate(histories, bucket);
            var detail = string.Create(CultureInfo.InvariantCulture,
                $"estimated from the engine's oracle price history on {chain}: {estimate.Returns} aligned log returns, last price per {bucket.TotalSeconds:0} s");
            notes.AddRange(estimate.Notes);
            notes.Add($"Correlation: {detail}.");
            var (matrix, _, _) = estimate.Matrix.RepairToPositiveSemiDefinite(1e-8);
            return (matrix, Info(StressRunParameters.Estimated, detail, matrix));
        }
        catch (ArgumentException ex)
        {
            var why = $"the correlation could not be estimated from the engine's price history ({ex.Message.TrimEnd('.')})";
            if (required) throw new StressRunException(why + (configured.Count > 0 ? "; use the configured correlations." : "; configure Stress:Correlations."));
            notes.Add($"{char.ToUpperInvariant(why[0])}{why[1..]}: the underlyings move independently.");
            var identity = CorrelationMatrix.Identity(underlyings);
            return (identity, Info("independent", why, identity));
        }
    }

    private static StressCorrelation Info(string source, string detail, CorrelationMatrix m) =>
        new(source, detail, m.Underlyings, Enumerable.Range(0, m.Count).Select(i => (IReadOnlyList<double>)Enumerable.Range(0, m.Count).Select(j => m[i, j]).ToList()).ToList());

    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }

    /// <summary>
    /// Holds the latest progress the computation reports (any thread, no I/O) and writes it to the row and the hub at most
    /// once per interval. A write that finds the row no longer Running (cancelled from elsewhere) cancels the run.
    /// </summary>
    private sealed class ProgressTracker(StressRun run, StressRunStore store, IStressRunPublisher publisher, CancellationTokenSource cts,
        TimeSpan interval, TimeProvider time, ILogger logger) : IStressProgress
    {
        private readonly Lock _lock = new();
        private readonly CancellationTokenSource _stop = new();
        private double _fraction;
        private string _step = "starting";
        private long? _block;
        private DateTimeOffset? _blockTime;
        private int _version, _written;

        public double Fraction { get { lock (_lock) return _fraction; } }

        public long? Block { get { lock (_lock) return _block; } }

        public void Set(double fraction, string step) => Set(fraction, step, null, null);

        public void Set(double fraction, string step, long? block, DateTimeOffset? blockTime)
        {
            lock (_lock)
            {
                _fraction = Math.Clamp(fraction, 0, 1);
                _step = step;
                if (block is not null) { _block = block; _blockTime = blockTime; }
                _version++;
            }
        }

        private Task _loop = Task.CompletedTask;

        public void Start() => _loop = RunAsync();

        private async Task RunAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    await Task.Delay(interval, time, _stop.Token).ConfigureAwait(false);
                    await FlushAsync().ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        private async Task FlushAsync()
        {
            double fraction; string step; long? block; DateTimeOffset? blockTime; int version;
            lock (_lock) { fraction = _fraction; step = _step; block = _block; blockTime = _blockTime; version = _version; }
            if (version == _written) return;
            _written = version;
            try
            {
                if (!await store.ProgressAsync(run.Id, fraction, step, block, blockTime, CancellationToken.None).ConfigureAwait(false))
                {
                    // Cancelled (or otherwise ended) by someone else: stop computing. (The run awaits StopAsync before
                    // its token source is disposed, so it is alive here.)
                    await cts.CancelAsync().ConfigureAwait(false);
                    return;
                }
                await publisher.PublishAsync(new StressRunProgress(run.Id, run.PortfolioId, run.Kind, StressRunState.Running, fraction, step, block, null), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Stress run {RunId}: writing its progress failed", run.Id);
            }
        }

        /// <summary>Stops the writes and waits for one in flight, so no progress message follows the final state.</summary>
        public async Task StopAsync()
        {
            if (!_stop.IsCancellationRequested) await _stop.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(false);
        }
    }
}

/// <summary>Where a computation reports how far it is (fraction 0 … 1 and the step in words); cheap and thread-safe.</summary>
internal interface IStressProgress
{
    void Set(double fraction, string step);
}
