using System.Globalization;
using ExposureWeb.Data;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Live;
using ExposureWeb.Web.Tests.Auth;
using ExposureWeb.Web.Tests.Charts;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests;

/// <summary>
/// The portfolio page with a snapshot, prerendered as a browser's first request gets it. The app's feed is in-process
/// (no socket to its own hub), so the test server is enough.
/// </summary>
public sealed class PortfolioPageChartsTests : IAsyncLifetime
{
    private readonly ExposureWebFactory _factory = new(new Dictionary<string, string?>(AuthApp.ChainSettings())) { ShowDemoWorkspace = true };

    public Task InitializeAsync()
    {
        _factory.StartServer();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task Portfolio_SnapshotPublished_PageRendersTheThreeChartsWithTheirTextFallbacks()
    {
        var services = _factory.Services;
        var demo = await services.GetRequiredService<PortfolioStore>().EnsureDemoAsync("local", [("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "Demo trader")]);
        var snapshot = TestSnapshots.Small(demo.Id);
        // What the engine does with a snapshot it computed: add its Greeks point to the history, publish it.
        await services.GetRequiredService<GreeksHistory>().AddAsync([snapshot], CancellationToken.None);
        await services.GetRequiredService<IExposurePublisher>().PublishSnapshotAsync(snapshot, CancellationToken.None);
        var feed = services.GetRequiredService<ExposureFeed>();
        using var subscription = feed.SubscribePortfolio(demo.Id, _ => Task.CompletedTask);
        await Poll.UntilAsync(() => feed.Latest(demo.Id)?.Snapshot is not null, "the feed to hold the published snapshot");

        using var client = await TestWallet.Alice.SignInAsync(_factory);
        var html = await client.GetStringAsync($"/portfolios/{demo.Id}");

        Assert.Contains("data-testid=\"portfolio-charts\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"payoff-chart\" data-underlying=\"ETH\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"stress-heatmap\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"greeks-history-chart\" data-points=\"1\"", html, StringComparison.Ordinal);
        var worst = snapshot.Stress!.Worst.PnlUsd.ToString("R", CultureInfo.InvariantCulture);
        Assert.Contains($"data-testid=\"stress-worst\" data-pnl=\"{worst}\"", html, StringComparison.Ordinal);
        Assert.Contains("block #1,234", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }
}
