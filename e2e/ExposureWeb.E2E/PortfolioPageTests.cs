using System.Globalization;
using System.Numerics;
using ExposureWeb.Chain.Adapters.Chainlink;
using ExposureWeb.Chain.Protocols.Chainlink;
using Nethereum.Contracts;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;
using Microsoft.Playwright;

namespace ExposureWeb.E2E;

/// <summary>The portfolio page in Chromium against the real app on its embedded dev chain.</summary>
public sealed class PortfolioPageTests(LiveAppFixture fixture) : IClassFixture<LiveAppFixture>
{
    /// <summary>anvil dev account #3: an outsider who pokes the feed, not the simulator's account.</summary>
    private static readonly Address Pusher = Address.Parse("0x90F79bf6EB2c4f870365E785982E1f101E93b906");

    [Fact]
    public async Task PortfolioPage_DemoPortfolio_ShowsNonzeroExposureWithin90Seconds()
    {
        var page = await fixture.OpenDemoPortfolioAsync();

        string usdDelta;
        try
        {
            usdDelta = await Poll.UntilAsync(() => page.Locator("[data-testid=usd-delta-ETH]").InnerTextAsync(new() { Timeout = 2000 }),
                t => Money.Parse(t) is > 0, "ETH USD delta on screen", TimeSpan.FromSeconds(30));
        }
        finally
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "portfolio-first-load.png"), FullPage = true });
        }

        Assert.True(fixture.App.StartedAt.Elapsed < LiveAppFixture.FirstExposureLimit + TimeSpan.FromSeconds(30),
            $"first exposure took {fixture.App.StartedAt.Elapsed.TotalSeconds:0} s");
        Assert.True(fixture.TimeToHealthy < LiveAppFixture.FirstExposureLimit);
        // The demo trader holds 42.5 ETH and 12.5 WETH outright (DemoMarket), listed as spot positions.
        var spot = page.Locator("[data-testid=position-row][data-protocol=spot]");
        await Assertions.Expect(spot.Filter(new() { HasText = "42.5 ETH" })).ToHaveCountAsync(1);
        await Assertions.Expect(spot.Filter(new() { HasText = "12.5 WETH" })).ToHaveCountAsync(1);
        // Positions of every kind the demo wallets hold.
        foreach (var protocol in new[] { "spot", "aave-v3", "uniswap-v3", "gmx-v2", "opyn-gamma" })
        {
            Assert.True(await page.Locator($"[data-testid=position-row][data-protocol={protocol}]").CountAsync() > 0, $"no {protocol} position on the page");
        }
        Assert.Matches(@"^\d+\.\d{3}$", (await page.Locator("[data-testid=min-health]").InnerTextAsync()).Trim());
        Assert.True(await page.Locator("[data-testid=liquidation-row]").CountAsync() > 0);
        Assert.True(Money.Parse(usdDelta) > 0);
        Assert.True(Money.Parse(await page.Locator("[data-testid=net-usd-delta]").InnerTextAsync()) > 0);
        await Assertions.Expect(page.Locator("[data-testid=exposure-row-BTC]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=exposure-row-USDC]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "portfolio-light.png"), FullPage = true });

        const string background = "() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-background').trim()";
        var light = await page.EvaluateAsync<string>(background);
        await page.Locator("[data-testid=dark-mode-toggle]").ClickAsync();
        await Poll.UntilAsync(() => page.EvaluateAsync<string>(background), b => b != light, "dark palette applied", TimeSpan.FromSeconds(5));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "portfolio-dark.png"), FullPage = true });
    }

    [Fact]
    public async Task PortfolioPage_DemoPortfolio_PayoffStressAndGreeksChartsDrawnAndStackOnAPhone()
    {
        var page = await fixture.OpenDemoPortfolioAsync();

        // Plotly has drawn each chart: its SVG is on screen, with the payoff line, the heatmap cells and the Greeks lines in it.
        foreach (var id in new[] { "payoff-chart", "stress-heatmap", "greeks-history-chart" })
        {
            await Assertions.Expect(page.Locator($"[data-testid={id}] .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        }
        await Assertions.Expect(page.Locator("[data-testid=payoff-chart] .scatterlayer .js-line").First).ToBeAttachedAsync();
        await Assertions.Expect(page.Locator("[data-testid=stress-heatmap] .heatmaplayer image").First).ToBeAttachedAsync();
        await Assertions.Expect(page.Locator("[data-testid=greeks-history-chart] .scatterlayer .js-line")).ToHaveCountAsync(4);
        StringAssert(await page.Locator("[data-testid=payoff-caption]").InnerTextAsync(), "block #");
        StringAssert(await page.Locator("[data-testid=stress-caption]").InnerTextAsync(), "block #");
        // The demo is long ETH and BTC: the worst cell of the grid loses money; the GMX ETH long's liquidation is on the ETH curve.
        var worst = double.Parse((await page.Locator("[data-testid=stress-worst]").GetAttributeAsync("data-pnl"))!, CultureInfo.InvariantCulture);
        Assert.True(worst < 0, $"worst stress cell {worst}");
        Assert.True(await page.Locator("[data-testid=payoff-mark]").CountAsync() > 0, "no liquidation price marked on the payoff");
        // The history grows by one point per block while the page is open.
        var chart = page.Locator("[data-testid=greeks-history-chart]");
        var before = int.Parse((await chart.GetAttributeAsync("data-points"))!, CultureInfo.InvariantCulture);
        await Poll.UntilAsync(async () => int.Parse((await chart.GetAttributeAsync("data-points"))!, CultureInfo.InvariantCulture),
            n => n > before, "a new point in the Greeks history", TimeSpan.FromSeconds(20));
        await page.Locator("[data-testid=portfolio-charts]").ScreenshotAsync(new() { Path = Path.Combine(Browser.OutputDirectory, "portfolio-charts-1280.png") });

        // At phone width the charts take the whole width, one under the other.
        await page.SetViewportSizeAsync(390, 844);
        var payoff = page.Locator("[data-testid=payoff-chart]");
        var stress = page.Locator("[data-testid=stress-heatmap]");
        await Poll.UntilAsync(async () => (await payoff.BoundingBoxAsync(), await stress.BoundingBoxAsync()),
            b => b.Item1 is { } p && b.Item2 is { } s && s.Y >= p.Y + p.Height && p.Width <= 390 && s.Width <= 390, "payoff and stress stacked within 390 px", TimeSpan.FromSeconds(5));
        await page.Locator("[data-testid=portfolio-charts]").ScreenshotAsync(new() { Path = Path.Combine(Browser.OutputDirectory, "portfolio-charts-390.png") });
        await page.Locator("[data-testid=dark-mode-toggle]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=stress-heatmap] .main-svg").First).ToBeVisibleAsync();
        await page.Locator("[data-testid=portfolio-charts]").ScreenshotAsync(new() { Path = Path.Combine(Browser.OutputDirectory, "portfolio-charts-390-dark.png") });
    }

    [Fact]
    public async Task PortfolioPage_OraclePriceUpdatePushedOverJsonRpc_NumbersChangeWithoutReload()
    {
        var page = await fixture.OpenDemoPortfolioAsync();
        var before = await Poll.UntilAsync(async () => Money.Parse(await page.Locator("[data-testid=price-ETH]").InnerTextAsync()),
            p => p is > 0, "ETH price on screen", TimeSpan.FromSeconds(30));
        await page.EvaluateAsync("() => window.__sameDocument = true");

        // Ten times the price on screen: far outside anything the simulator's small steps could reach.
        var target = before!.Value * 10;
        var feed = Address.Parse(fixture.Chain.PriceFeeds.Single(f => f.Underlying == "ETH").Address);
        using var rpc = new JsonRpcHttpClient(new Uri(fixture.Chain.RpcUrls[0]));
        var eth = new EthClient(rpc);
        var answer = new BigInteger(Math.Round(target * 1e8));
        var pushed = System.Diagnostics.Stopwatch.StartNew();
        var tx = await eth.SendTransactionAsync(Pusher, feed, new UpdateAnswerFunction { Answer = answer }.GetCallData());
        Assert.True((await eth.WaitForReceiptAsync(tx)).Succeeded);

        var after = await Poll.UntilAsync(async () => Money.Parse(await page.Locator("[data-testid=price-ETH]").InnerTextAsync()),
            p => p > before * 5, "the pushed ETH price on screen", TimeSpan.FromSeconds(10));

        Assert.True(pushed.Elapsed < TimeSpan.FromSeconds(10), $"took {pushed.Elapsed.TotalSeconds:0.0} s");
        Assert.InRange(after!.Value, target * 0.8, target * 1.25); // the simulator may have stepped once since
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        // The row stays consistent at the new price: USD delta = net delta (units) × price shown.
        // One read of the whole row, so a block arriving meanwhile cannot mix two snapshots.
        var cells = await page.Locator("[data-testid=exposure-row-ETH] td").AllInnerTextsAsync();
        var units = double.Parse(cells[2].Replace("ETH", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Replace("−", "-", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
        var shown = Money.Parse(cells[3])!.Value;
        var usdDelta = Money.Parse(cells[4])!.Value;
        Assert.Equal(units * shown, usdDelta, Math.Abs(usdDelta) * 0.001 + 1);
    }

    [Fact]
    public async Task PortfolioPage_FeedPushedBelowItsMinimum_StaleBadgeAndUnpricedPositionsShown()
    {
        var page = await fixture.OpenDemoPortfolioAsync();
        await Assertions.Expect(page.Locator("[data-testid=exposure-row-LINK]")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // The demo feeds clamp at minAnswer = 1 (1e-8 USD), as Chainlink aggregators do: 0 is stored pinned at the bound.
        var feed = Address.Parse(fixture.Chain.PriceFeeds.Single(f => f.Underlying == "LINK").Address);
        using var rpc = new JsonRpcHttpClient(new Uri(fixture.Chain.RpcUrls[0]));
        var eth = new EthClient(rpc);
        try
        {
            Assert.True((await eth.WaitForReceiptAsync(await eth.SendTransactionAsync(Pusher, feed, new UpdateAnswerFunction { Answer = BigInteger.Zero }.GetCallData()))).Succeeded);

            await Assertions.Expect(page.Locator("[data-testid=stale-LINK]")).ToBeVisibleAsync(new() { Timeout = 10_000 });
            Assert.Equal("—", (await page.Locator("[data-testid=usd-delta-LINK]").InnerTextAsync()).Trim());
            // The LINK holding cannot be priced; it stays listed with the reason, and the rest are still priced.
            var linkSpot = page.Locator("[data-testid=position-row][data-protocol=spot]").Filter(new() { HasText = "1500 LINK" });
            await Assertions.Expect(linkSpot.Locator("[data-testid=position-error]")).ToBeVisibleAsync(new() { Timeout = 10_000 });
            StringAssert(await linkSpot.InnerTextAsync(), "pinned");
            Assert.True(Money.Parse(await page.Locator("[data-testid=usd-delta-ETH]").InnerTextAsync()) is not null);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "portfolio-pinned-feed.png"), FullPage = true });
        }
        finally
        {
            // Back to a sane price so the other tests of this class see a normal market.
            await eth.WaitForReceiptAsync(await eth.SendTransactionAsync(Pusher, feed, new UpdateAnswerFunction { Answer = new BigInteger(15_00000000) }.GetCallData()));
        }
    }

    private static void StringAssert(string text, string expected) =>
        Assert.True(text.Contains(expected, StringComparison.OrdinalIgnoreCase), $"expected '{expected}' in: {text}");

    [Fact]
    public async Task PortfolioPage_NodeStopsAndReturns_SaysUnreachableKeepsLastBlockThenRecovers()
    {
        var page = await fixture.OpenDemoPortfolioAsync();
        await Poll.UntilAsync(() => page.Locator("[data-testid=usd-delta-ETH]").InnerTextAsync(),
            t => Money.Parse(t) is > 0, "exposure on screen", TimeSpan.FromSeconds(30));
        var port = new Uri(fixture.Chain.RpcUrls[0]).Port;
        var anvil = Assert.Single(AnvilProcesses.ServingPort(port));

        AnvilProcesses.Kill(anvil);
        var stopped = System.Diagnostics.Stopwatch.StartNew();

        var banner = page.Locator("[data-testid=chain-unreachable]");
        await Assertions.Expect(banner).ToBeVisibleAsync(new() { Timeout = 10_000 });
        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(10));
        var lastBlock = ParseBlock(await page.Locator("[data-testid=stale-block]").InnerTextAsync());
        Assert.Equal(lastBlock, ParseBlock(await page.Locator("[data-testid=block-number]").InnerTextAsync()));
        Assert.True(Money.Parse(await page.Locator("[data-testid=usd-delta-ETH]").InnerTextAsync()) > 0, "last data stays on screen");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "portfolio-chain-unreachable.png"), FullPage = true });

        // The app keeps serving while the node is down.
        using (var http = new HttpClient { BaseAddress = fixture.App.BaseUrl })
        {
            var health = await http.GetAsync("/health");
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Contains("unreachable", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The dev chain restarts the node from its saved state; the page recovers by itself.
        await Assertions.Expect(banner).ToBeHiddenAsync(new() { Timeout = 60_000 });
        await Poll.UntilAsync(async () => ParseBlock(await page.Locator("[data-testid=block-number]").InnerTextAsync()),
            b => b > lastBlock, "a block newer than the last one before the outage", TimeSpan.FromSeconds(30));
    }

    private static ulong ParseBlock(string text) =>
        ulong.Parse(text.Trim().TrimStart('#').Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
}
