using System.Diagnostics;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Data;
using ExposureWeb.DevChain.Deployment;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Reading;
using ExposureWeb.Engine.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace ExposureWeb.Engine.Tests;

/// <summary>
/// The engine as the app runs it, without the web host: data, chains and engine on a generic host, a recording
/// publisher in place of the hub, the demo market on a real anvil of each test's own (one test stops it).
/// </summary>
public sealed class EngineEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan FewSeconds = TimeSpan.FromSeconds(5);

    private readonly TempDatabase _database = new();
    private readonly RecordingPublisher _published = new();
    private DemoChain? _chain;
    private IHost? _host;
    private int _portfolioId;

    private DemoChain Chain => _chain!;

    private IServiceProvider Services => _host!.Services;

    public async Task InitializeAsync()
    {
        _chain = await DemoChain.StartAsync();
        var builder = TestHost.CreateBuilder(new Dictionary<string, string?>
        {
            ["Database:Path"] = _database.Path,
            ["Engine:RpcTimeoutMs"] = "1000",
            ["Engine:PollIntervalMs"] = "200",
            ["Engine:Volatility:ETH"] = "0.65",
        }, output);
        builder.AddExposureData();
        builder.AddExposureChains();
        builder.AddExposureEngine();
        builder.Services.AddSingleton<IExposurePublisher>(_published);
        _host = builder.Build();
        await _host.StartAsync();

        // As the app does once the dev chain is up: the demo portfolio first, then the chain.
        var demo = await Services.GetRequiredService<PortfolioStore>().EnsureDemoAsync("local", DemoMarket.Wallets.Select(w => (w.Address, w.Label)).ToList());
        _portfolioId = demo.Id;
        Services.GetRequiredService<PortfolioDirectory>().Invalidate();
        Services.GetRequiredService<ChainRegistry>().Register(Chain.Profile);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        if (_chain is not null) await _chain.DisposeAsync();
        _database.Dispose();
    }

    private Task<ExposureSnapshot> SnapshotAtAsync(ulong block, string what) => WaitForAsync(
        () => _published.Snapshots.FirstOrDefault(s => s.PortfolioId == _portfolioId && s.BlockNumber == block), what, FewSeconds);

    /// <summary>The GMX v2 perp row of one owner.</summary>
    private static PositionRow Gmx(ExposureSnapshot snapshot, ExposureWeb.Chain.Primitives.Address owner) =>
        snapshot.Positions.Single(p => p.Protocol == "gmx-v2" && p.Owner == owner.ToString());

    private static async Task<T> WaitForAsync<T>(Func<T?> find, string what, TimeSpan deadline) where T : class
    {
        T? found = null;
        await Poll.UntilAsync(() => (found = find()) is not null, what, deadline);
        return found!;
    }

    [Fact]
    public async Task Engine_NewBlockMined_SnapshotOfThatBlockPublishedWithinSeconds()
    {
        await WaitForAsync(() => _published.Statuses.FirstOrDefault(s => s.Reachable && s.HeadBlock is not null), "the chain to be reachable with a head", TimeSpan.FromSeconds(10));

        var block = await Chain.MineAsync();
        var snapshot = await SnapshotAtAsync(block.Number, $"a snapshot of block {block.Number}");

        Assert.Equal("local", snapshot.ChainName);
        Assert.Equal(block.Hash, snapshot.BlockHash);
        Assert.Equal(block.Timestamp, snapshot.BlockTime);
        Assert.Empty(snapshot.Errors);
        // The whole demo is priced: every protocol's positions, the options with the configured ETH volatility.
        Assert.Equal(["aave-v3", "gmx-v2", "opyn-gamma", "spot", "uniswap-v3"], snapshot.Positions.Select(p => p.Protocol).Distinct().Order(StringComparer.Ordinal));
        Assert.All(snapshot.Positions.Where(p => !p.Markers.Contains("expired")), p => Assert.Null(p.Status));
        Assert.All(snapshot.Positions.Where(p => p.Protocol == "opyn-gamma" && !p.Markers.Contains("expired")),
            p => Assert.Contains("configured ETH volatility", p.Model, StringComparison.Ordinal));
        Assert.Equal(42.5 * 3_000, snapshot.Positions.Single(p => p.Id == $"spot:local:{DemoChain.Trader}:ETH").UsdDelta!.Value, 1e-6);
        // BTC nets spot 0.75 + 2.1, Aave −0.1 + 1.5 and the GMX short −1 (its USDC collateral is no BTC); the trader's Aave
        // health factor is 1.8875.
        Assert.Equal(3.25, snapshot.Assets.Single(a => a.Underlying == "BTC").Quantity, 1e-9);
        // GMX: the collateral keeps its own exposure. ETH long 10 + 2.5 WETH collateral = 12.5 × 3 000 = 37 500 USD;
        // BTC short −1 × 60 000 + 20 000 USDC × 1 = −40 000 USD.
        Assert.Equal(12.5 * 3_000, Gmx(snapshot, DemoChain.Trader).UsdDelta!.Value, 1e-6);
        Assert.Equal(-60_000 + 20_000, Gmx(snapshot, DemoChain.Treasury).UsdDelta!.Value, 1e-6);
        Assert.Equal(1.8875, snapshot.MinHealthFactor!.Value, 1e-6); // interest accrues by the second on the official Aave
        Assert.Equal(snapshot.Positions.Sum(p => p.UsdDelta!.Value), snapshot.NetUsdDelta, 1e-6);
        // The block's Greeks point is in the history the hub serves (added before the snapshot was published) and in the database.
        var history = await Services.GetRequiredService<GreeksHistory>().RecentAsync(_portfolioId);
        Assert.Equal(GreeksPoint.From(snapshot), history.Single(p => p.BlockNumber == block.Number));
        var stored = await Services.GetRequiredService<ExposureWeb.Data.History.GreeksHistoryStore>().RecentAsync(_portfolioId, 1_000);
        Assert.Contains(stored, e => e.BlockNumber == (long)block.Number && e.NetUsdDelta == snapshot.NetUsdDelta);
        Assert.True(Services.GetRequiredService<LatestState>().Chain("local")?.Reachable);
    }

    [Fact]
    public async Task Engine_PricePushed_SnapshotOfThatBlockCarriesTheNewPrice()
    {
        await WaitForAsync(() => _published.Statuses.FirstOrDefault(s => s.Reachable), "the chain to be reachable", TimeSpan.FromSeconds(10));

        var receipt = await Chain.PushAnswerAsync(Chain.Feed("ETH"), 3_200 * DemoChain.FeedScale);
        var snapshot = await SnapshotAtAsync(receipt.BlockNumber, $"a snapshot of block {receipt.BlockNumber} (the price push)");

        var eth = snapshot.Assets.Single(a => a.Underlying == "ETH");
        Assert.Equal(3_200, eth.PriceUsd);
        Assert.Equal(eth.Quantity * 3_200, eth.UsdDelta!.Value, 1e-6);
        Assert.Equal(42.5 * 3_200, snapshot.Positions.Single(p => p.Id == $"spot:local:{DemoChain.Trader}:ETH").UsdDelta!.Value, 1e-6);
        // The GMX ETH long (10 from 3 000 on 2.5 WETH): its collateral rises too. Value 2.5 × 3 200 + 10 × 200 = 8 000 + 2 000
        // = 10 000 (a fixed 7 500 USD margin would give 9 500); delta 12.5 × 3 200 = 40 000.
        var gmxLong = Gmx(snapshot, DemoChain.Trader);
        Assert.Equal(10_000, gmxLong.ValueUsd!.Value, 1e-6);
        Assert.Equal(12.5 * 3_200, gmxLong.UsdDelta!.Value, 1e-6);
        // The trader's Aave collateral is worth more: (10 × 3 200 × 0.83 + 30 000 × 0.68) / 24 000 = 46 960 / 24 000. The figure
        // shown is Aave's own getUserAccountData at that block (to the last digit); it includes the interest accrued since
        // seeding, so the hand computation matches it to 1e-4.
        var account = await Chain.QueryOutputAsync<ExposureWeb.Chain.Protocols.Aave.GetUserAccountDataFunction, ExposureWeb.Chain.Protocols.Aave.UserAccountDataOutput>(
            ExposureWeb.Chain.Primitives.Address.Parse(Chain.Profile.AaveV3!.Pool), new() { User = DemoChain.Trader.ToString() },
            ExposureWeb.Chain.Rpc.BlockParameter.FromNumber(snapshot.BlockNumber));
        Assert.Equal((double)account.HealthFactor / 1e18, snapshot.MinHealthFactor!.Value, 1e-12);
        Assert.Equal(46_960 / 24_000.0, snapshot.MinHealthFactor!.Value, 1e-4);
        Assert.Equal(snapshot.Positions.Sum(p => p.UsdDelta ?? 0), snapshot.NetUsdDelta, 1e-6);
    }

    [Fact]
    public async Task Engine_NodeStopped_UnreachableStatusPublishedWithin10SecondsAndLastSnapshotKept()
    {
        var block = await Chain.MineAsync();
        var before = await SnapshotAtAsync(block.Number, $"a snapshot of block {block.Number}");

        var stoppedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await Chain.StopAsync();
        var down = await WaitForAsync(() => _published.Statuses.FirstOrDefault(s => !s.Reachable && s.UnreachableSince is not null),
            "a ChainStatus with Reachable = false", TimeSpan.FromSeconds(10));
        output.WriteLine($"unreachable status published {clock.Elapsed.TotalSeconds:0.0} s after the node stopped: {down.Error}");

        Assert.Equal("local", down.ChainName);
        Assert.False(string.IsNullOrWhiteSpace(down.Error));
        Assert.True(down.UnreachableSince >= stoppedAt.AddSeconds(-1), $"unreachable since {down.UnreachableSince}, stopped at {stoppedAt}");
        Assert.True(down.HeadBlock >= block.Number, "the status keeps the last head it saw");
        // The portfolio keeps its last snapshot (nothing newer is published); /health says the chain is down.
        Assert.Equal(before.BlockNumber, _published.Snapshots.Last(s => s.PortfolioId == _portfolioId).BlockNumber);
        var health = await Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "chain");
        Assert.Equal(HealthStatus.Unhealthy, health.Entries["chain"].Status);
        Assert.Contains("local: unreachable", health.Entries["chain"].Description, StringComparison.Ordinal);
    }
}
