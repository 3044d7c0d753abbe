using System.Text.Json;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Stress;
using ExposureWeb.Engine.Tests.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ExposureWeb.Engine.Tests.Stress;

/// <summary>The engine on the demo chain with the app's volatilities, two historical presets and configured correlations.</summary>
public sealed class StressEngineFixture : IAsyncLifetime
{
    public static readonly Dictionary<string, string?> Settings = new()
    {
        ["Engine:Volatility:ETH"] = "0.65",
        ["Engine:Volatility:BTC"] = "0.5",
        ["Engine:Volatility:LINK"] = "0.8",
        ["Engine:Volatility:USDC"] = "0.01",
        ["Stress:ProgressIntervalMs"] = "100",
        ["Stress:HistoricalPresets:0:Name"] = "Black Thursday",
        ["Stress:HistoricalPresets:0:Date"] = "2020-03-12",
        ["Stress:HistoricalPresets:0:Source"] = "CoinMarketCap daily closes (approximate)",
        ["Stress:HistoricalPresets:0:Moves:ETH"] = "-0.43",
        ["Stress:HistoricalPresets:0:Moves:BTC"] = "-0.39",
        ["Stress:HistoricalPresets:0:VolMove"] = "1",
        ["Stress:HistoricalPresets:1:Name"] = "USDC depeg",
        ["Stress:HistoricalPresets:1:Date"] = "2023-03-11",
        ["Stress:HistoricalPresets:1:Source"] = "Circle statement; CoinMarketCap",
        ["Stress:HistoricalPresets:1:Moves:USDC"] = "-0.12",
        ["Stress:Correlations:0:A"] = "ETH",
        ["Stress:Correlations:0:B"] = "BTC",
        ["Stress:Correlations:0:Rho"] = "0.8",
    };

    internal EngineHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Harness = await EngineHarness.StartAsync(new NullOutput(), settings: Settings);
        await Harness.ReadyAsync();
        await Harness.SnapshotAsync(_ => true, "a first snapshot of the demo portfolio", TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync() => await Harness.DisposeAsync();

    private sealed class NullOutput : ITestOutputHelper
    {
        public void WriteLine(string message) { }
        public void WriteLine(string format, params object[] args) { }
    }
}

public sealed class StressRunServiceTests(StressEngineFixture fixture) : IClassFixture<StressEngineFixture>
{
    private IServiceProvider Services => fixture.Harness.Services;
    private StressRunStore Store => Services.GetRequiredService<StressRunStore>();
    private StressRunService Service => Services.GetRequiredService<StressRunService>();

    private Task<long> QueueAsync(StressRunKind kind, object? parameters = null, StressRunState state = StressRunState.Queued, int attempt = 1) =>
        Store.AddRunAsync(new StressRun
        {
            PortfolioId = fixture.Harness.PortfolioId,
            Kind = kind,
            ParametersJson = parameters is null ? "{}" : JsonSerializer.Serialize(parameters, StressJson.Options),
            State = state,
            Attempt = attempt,
            CreatedAt = DateTimeOffset.UtcNow,
        }, CancellationToken.None);

    private async Task<(StressRun Row, StressRunResult Result)> RunToSuccessAsync(StressRunKind kind, object? parameters = null)
    {
        var id = await QueueAsync(kind, parameters);
        await Service.RunAsync(id, CancellationToken.None);
        var row = (await Store.GetRunAsync(id, CancellationToken.None))!;
        Assert.True(row.State == StressRunState.Succeeded, $"{kind}: {row.State} {row.Error}");
        Assert.NotNull(row.BlockNumber);
        Assert.NotNull(row.StartedAt);
        Assert.NotNull(row.FinishedAt);
        Assert.Equal(1.0, row.Progress);
        var result = JsonSerializer.Deserialize<StressRunResult>(row.ResultJson!, StressJson.Options)!;
        Assert.Equal(row.BlockNumber, result.BlockNumber);
        Assert.True(result.BaseValueUsd > 0);
        return (row, result);
    }

    [Fact]
    public async Task RunAsync_Grid_ThirtyFiveCellsSaved()
    {
        var (_, result) = await RunToSuccessAsync(StressRunKind.Grid);
        Assert.Equal(35, result.Grid!.Count);
        Assert.Equal(result.Grid.Min(c => c.PnlUsd), result.WorstPnlUsd);
        // The demo book is long ETH and BTC: −16% with vol up loses money.
        Assert.True(result.Grid.Single(c => c.PriceMove == -0.16 && c.VolMove == 0.5).PnlUsd < 0);
    }

    [Fact]
    public async Task RunAsync_Historical_EveryConfiguredPreset()
    {
        var (_, result) = await RunToSuccessAsync(StressRunKind.Historical);
        var scenarios = result.Scenarios!;
        Assert.Equal(["Black Thursday", "USDC depeg"], scenarios.Select(s => s.Name));
        Assert.Contains("CoinMarketCap", scenarios[0].Description ?? "");
        Assert.Contains("2020-03-12", scenarios[0].Description ?? "");
        Assert.Equal(-0.43, scenarios[0].Moves["ETH"], 9);
        Assert.True(scenarios[0].PnlUsd < 0);
    }

    [Fact]
    public async Task RunAsync_CorrelatedConfigured_SaysWhereTheCorrelationComesFrom()
    {
        var (_, result) = await RunToSuccessAsync(StressRunKind.Correlated, new { driver = "ETH", driverMove = -0.2 });
        Assert.Equal("configured", result.Correlation!.Source);
        var scenarios = result.Scenarios!;
        Assert.Equal(4, scenarios.Count);
        // BTC follows ETH by β = ρ·σ_BTC/σ_ETH on log returns.
        double beta = 0.8 * 0.5 / 0.65;
        Assert.Equal(Math.Exp(beta * Math.Log(0.8)) - 1, scenarios[^1].Moves["BTC"], 9);
        Assert.Contains(result.Notes, n => n.Contains("taken as 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_MonteCarlo_VarEsWithStandardErrorsAndHistogram()
    {
        var (_, result) = await RunToSuccessAsync(StressRunKind.MonteCarlo);
        var mc = result.MonteCarlo!;
        Assert.Equal(10_000, mc.Paths);
        Assert.Equal(0.99, mc.Confidence);
        Assert.Equal(1, mc.HorizonDays);
        Assert.True(mc.VarUsd > 0 && mc.ExpectedShortfallUsd >= mc.VarUsd);
        Assert.True(mc.VarStandardErrorUsd > 0 && mc.ExpectedShortfallStandardErrorUsd > 0);
        Assert.Equal(10_000, mc.Histogram.Sum(b => b.Count));
        Assert.InRange(mc.LiquidationProbability, 0, 1);
        Assert.Equal("configured", result.Correlation!.Source);
        // Fixed seed: the same book gives the same VaR.
        var (_, again) = await RunToSuccessAsync(StressRunKind.MonteCarlo);
        Assert.Equal(mc.VarUsd, again.MonteCarlo!.VarUsd, 6);
    }

    [Fact]
    public async Task RunAsync_CascadeOnTheDemo_PathPersistedWithTheTradersAccountLiquidated()
    {
        // ETH −90%: the demo trader's account (WETH and LINK against USDC and WBTC) falls below 1; 100 ETH of other
        // borrowers' collateral is sold with it.
        var (row, result) = await RunToSuccessAsync(StressRunKind.Cascade, new { driver = "ETH", driverMove = -0.9, extraSoldPerRound = 100 });
        var cascade = result.Cascade!;
        Assert.Equal("WETH/USDC 0.05%", cascade.PoolLabel);
        Assert.Equal("Converged", cascade.Stop);
        Assert.False(cascade.LeftReadRange);
        var path = cascade.Path;
        Assert.Equal(cascade.BasePriceUsd * 0.1, path[0].PriceUsd, 6);
        Assert.True(path[0].SoldDriver > 0, "the pool was traded down to the shock");
        var first = path[1];
        Assert.Single(first.Liquidated);
        Assert.StartsWith("aave", first.Liquidated[0], StringComparison.OrdinalIgnoreCase);
        Assert.True(first.DebtRepaidUsd > 0 && first.SeizedUsd > first.DebtRepaidUsd);
        Assert.Equal(100, first.ExtraSoldDriver);
        Assert.True(first.PriceUsd < path[0].PriceUsd);
        Assert.Equal(path.Min(r => r.PnlUsd), result.WorstPnlUsd);
        Assert.Contains(result.Notes, n => n.Contains("follow the pool", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.Contains($"block {row.BlockNumber:N0}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_CascadeNoSuchPool_FailsSayingWhich()
    {
        var id = await QueueAsync(StressRunKind.Cascade, new { feeTier = 10000 });
        await Service.RunAsync(id, CancellationToken.None);
        var row = (await Store.GetRunAsync(id, CancellationToken.None))!;
        Assert.Equal(StressRunState.Failed, row.State);
        Assert.Contains("no Uniswap v3 pool to sell ETH for USDC at fee tier 1%", row.Error);
        Assert.Null(row.ResultJson);
    }

    /// <summary>
    /// A million-path Monte Carlo run seen walking its paths. A run can end before a look sees it running (about a second
    /// here on a quiet machine; CI once waited 30 s for a run already done): then another is started, up to three.
    /// </summary>
    private async Task<(long Id, Task Running)> RunningMonteCarloAsync(CancellationToken runToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var id = await QueueAsync(StressRunKind.MonteCarlo, new { paths = 1_000_000 });
            var running = Service.RunAsync(id, runToken);
            var walking = false;
            await Poll.UntilAsync(async () =>
            {
                walking = (await Store.GetRunAsync(id, CancellationToken.None))!.Step?.StartsWith("path", StringComparison.Ordinal) == true;
                return walking || running.IsCompleted;
            }, "the Monte Carlo paths to be running", TimeSpan.FromSeconds(30));
            if (walking && !running.IsCompleted) return (id, running);
            await running;
            var ended = (await Store.GetRunAsync(id, CancellationToken.None))!;
            Assert.True(attempt < 3, $"three million-path runs ended before they were seen running; the last: {ended.State} {ended.Error}");
        }
    }

    [Fact]
    public async Task RunAsync_CancelledWhileRunning_EndsCancelledWithoutResult()
    {
        var (id, running) = await RunningMonteCarloAsync();
        Assert.True(await Store.CancelAsync(id, DateTimeOffset.UtcNow, CancellationToken.None));
        Services.GetRequiredService<StressRunCancellation>().Cancel(id);
        await running.WaitAsync(TimeSpan.FromSeconds(30));
        var row = (await Store.GetRunAsync(id, CancellationToken.None))!;
        Assert.Equal(StressRunState.Cancelled, row.State);
        Assert.Null(row.ResultJson);
    }

    [Fact]
    public async Task RunAsync_CancelledFromElsewhere_StopsAtItsNextProgressWrite()
    {
        var (id, running) = await RunningMonteCarloAsync();
        // Only the row: as another process would cancel it.
        Assert.True(await Store.CancelAsync(id, DateTimeOffset.UtcNow, CancellationToken.None));
        await running.WaitAsync(TimeSpan.FromSeconds(30));
        var row = (await Store.GetRunAsync(id, CancellationToken.None))!;
        Assert.Equal(StressRunState.Cancelled, row.State);
        Assert.Null(row.ResultJson);
    }

    [Fact]
    public async Task RunAsync_Succeeds_ResultAndStateWrittenTogether()
    {
        var id = await QueueAsync(StressRunKind.MonteCarlo, new { paths = 200_000 });
        var running = Service.RunAsync(id, CancellationToken.None);
        var seen = new List<(StressRunState State, bool HasResult)>();
        while (!running.IsCompleted)
        {
            var row = (await Store.GetRunAsync(id, CancellationToken.None))!;
            seen.Add((row.State, row.ResultJson is not null));
            await Task.Delay(5);
        }
        await running;
        var done = (await Store.GetRunAsync(id, CancellationToken.None))!;
        seen.Add((done.State, done.ResultJson is not null));
        Assert.All(seen, s => Assert.Equal(s.State == StressRunState.Succeeded, s.HasResult));
        Assert.Contains(seen, s => s.State == StressRunState.Running);
        Assert.Equal(StressRunState.Succeeded, done.State);
    }

    [Fact]
    public async Task RunAsync_TwiceForOneRow_RunsOnce()
    {
        var (row, _) = await RunToSuccessAsync(StressRunKind.Grid);
        await Service.RunAsync(row.Id, CancellationToken.None);
        var after = (await Store.GetRunAsync(row.Id, CancellationToken.None))!;
        Assert.Equal(row.FinishedAt, after.FinishedAt);
    }

    [Fact]
    public async Task RecoverInterrupted_HostStoppedMidRun_ReRunOnceThenFailedIfInterruptedAgain()
    {
        // The host stops in the middle of a run: its row stays Running, nothing of the result is saved.
        using var stopping = new CancellationTokenSource();
        var (id, running) = await RunningMonteCarloAsync(stopping.Token);
        await stopping.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30));
        var cut = (await Store.GetRunAsync(id, CancellationToken.None))!;
        Assert.Equal(StressRunState.Running, cut.State);
        Assert.Null(cut.ResultJson);

        // The next start: Interrupted, and a second attempt queued once.
        var retries = await Store.RecoverInterruptedAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        var retryId = Assert.Single(retries);
        var interrupted = (await Store.GetRunAsync(id, CancellationToken.None))!;
        Assert.Equal(StressRunState.Interrupted, interrupted.State);
        var retry = (await Store.GetRunAsync(retryId, CancellationToken.None))!;
        Assert.Equal((StressRunState.Queued, 2, (long?)id), (retry.State, retry.Attempt, retry.RetryOfRunId));

        // The second attempt is cut off too: Failed, never a third.
        using var again = new CancellationTokenSource();
        var second = Service.RunAsync(retryId, again.Token);
        await Poll.UntilAsync(async () => (await Store.GetRunAsync(retryId, CancellationToken.None))!.Step?.StartsWith("path", StringComparison.Ordinal) == true,
            "the re-run's paths to be running", TimeSpan.FromSeconds(30));
        await again.CancelAsync();
        await second.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Empty(await Store.RecoverInterruptedAsync(DateTimeOffset.UtcNow, CancellationToken.None));
        var failed = (await Store.GetRunAsync(retryId, CancellationToken.None))!;
        Assert.Equal(StressRunState.Failed, failed.State);
        Assert.Contains("interrupted twice", failed.Error);
    }

    [Fact]
    public async Task RecoverInterrupted_RetryCompletes()
    {
        var id = await QueueAsync(StressRunKind.Grid, state: StressRunState.Running);
        var retryId = Assert.Single(await Store.RecoverInterruptedAsync(DateTimeOffset.UtcNow, CancellationToken.None));
        await Service.RunAsync(retryId, CancellationToken.None);
        Assert.Equal(StressRunState.Interrupted, (await Store.GetRunAsync(id, CancellationToken.None))!.State);
        Assert.Equal(StressRunState.Succeeded, (await Store.GetRunAsync(retryId, CancellationToken.None))!.State);
    }
}
