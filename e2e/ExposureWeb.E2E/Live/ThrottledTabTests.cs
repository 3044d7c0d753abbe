using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ExposureWeb.E2E.Alerts;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ExposureWeb.E2E.Live;

/// <summary>
/// The app on a chain that moves only when the test pushes the ETH oracle, with the Blazor renderer's own log of every
/// render batch it sends and every acknowledgement it gets (what the server holds for a slow browser).
/// </summary>
public sealed class ThrottledTabAppFixture : LiveAppFixture
{
    /// <summary>The circuits' log categories: the renderer (batches sent, acknowledged) and the JS runtime (calls begun, answered).</summary>
    public const string CircuitsCategory = "Microsoft.AspNetCore.Components.Server.Circuits";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["DevChain:TickSeconds"] = "0",
        [$"Logging:LogLevel:{CircuitsCategory}"] = "Trace",
    };
}

/// <summary>
/// Issue 17, acceptance 3: a portfolio page in a tab whose CPU Chromium slows twentyfold, while the chain moves up to four
/// blocks a second, keeps its circuit; the server holds a bounded backlog for it (a few render batches waiting for the
/// browser's acknowledgement, one Plotly call per chart), however many updates it could not show, and once the tab has its
/// CPU back it shows the newest block, its Greeks history chart too.
/// </summary>
/// <remarks>
/// What the server holds for a slow browser is measured from the framework's own account of the circuit (the renderer's
/// and the JS runtime's trace log: each batch sent with its size and each acknowledgement, each JS call begun and
/// answered), not from the process's memory: the app's live managed heap after a full collection moves by ±25 MB between
/// two idle moments (the engine, its caches, Hangfire, EF), measured while writing this test, so a per-circuit queue of a
/// hundred 20 KB snapshots would vanish in it. Every update the tab could not take would show here instead, as a batch or
/// a chart draw waiting on the browser.
/// </remarks>
public sealed partial class ThrottledTabTests(ThrottledTabAppFixture fixture, ITestOutputHelper output) : IClassFixture<ThrottledTabAppFixture>
{
    /// <summary>
    /// Chromium's CPU throttling: 20× slower. One update (a Blazor batch, then Plotly redrawing the payoff, stress and
    /// delta charts and extending the Greeks lines) then takes the tab over a second against up to four arriving a second,
    /// so it falls behind; yet a single call still answers within the app's 10 s JS interop timeout on a loaded two-core
    /// machine (a higher rate made that timeout, not the app, the subject of the test).
    /// </summary>
    private const int ThrottleRate = 20;

    /// <summary>A block every 250 ms: as fast as the live path renders (four times a second).</summary>
    private static readonly TimeSpan BlockInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Blocks the chain moves while the tab is throttled.</summary>
    private const int ThrottledBlocks = 120;

    /// <summary>
    /// Blazor Server's default <c>CircuitOptions.MaxBufferedUnacknowledgedCircuitTraffic</c>: past it the renderer stops
    /// sending and renders the newest state once the browser acknowledges. The log can show one more: the renderer logs an
    /// acknowledgement after the render it let through.
    /// </summary>
    private const int MaxUnacknowledgedBatches = 10 + 1;

    /// <summary>
    /// JS calls awaiting the browser at once: one draw per chart (payoff, stress, delta by asset, Greeks history), a call of
    /// MudBlazor's or the virtualiser's beside them. A chart that drew every update it was given would pile up a call per
    /// update instead.
    /// </summary>
    private const int MaxJsCallsWaiting = 6;

    private static readonly TimeSpan CatchUpLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task PortfolioPage_TabCpuThrottledWhileTheChainMoves_CatchesUpToTheNewestBlockAndTheServerHoldsABoundedBacklog()
    {
        using var driver = new HealthFactorDriver(fixture.Chain);
        var swing = await driver.SwingEthEvery(BlockInterval, 0.01);
        try
        {
            var page = await fixture.OpenDemoPortfolioAsync();
            var portfolioId = int.Parse(page.Url.TrimEnd('/').Split('/')[^1], CultureInfo.InvariantCulture);
            var exposure = new Uri(fixture.App.BaseUrl, $"/api/portfolios/{portfolioId}/exposure").ToString();
            await Assertions.Expect(page.Locator("[data-testid=greeks-history-chart] .scatterlayer .js-line")).ToHaveCountAsync(4, new() { Timeout = 60_000 });

            var cdp = await page.Context.NewCDPSessionAsync(page);
            await cdp.SendAsync("Emulation.setCPUThrottlingRate", new() { ["rate"] = ThrottleRate });
            var logFrom = fixture.App.Log.Length;
            var published = new SortedSet<ulong>();
            using (var stopWatching = new CancellationTokenSource())
            {
                var watching = WatchPublishedBlocksAsync(page, exposure, published, stopWatching.Token);
                var from = swing.Ticks;
                await Poll.UntilAsync(() => swing.Ticks - from >= ThrottledBlocks, $"{ThrottledBlocks} blocks while the tab is throttled", TimeSpan.FromSeconds(180));
                await stopWatching.CancelAsync();
                await watching;
            }
            var traffic = CircuitTraffic.Of(fixture.App.Log[logFrom..]);

            await cdp.SendAsync("Emulation.setCPUThrottlingRate", new() { ["rate"] = 1 });
            await swing.DisposeAsync();
            var head = await driver.HeadAsync();
            await Poll.UntilAsync(async () => await BlockOfAsync(page, exposure), b => b == head, $"the server's exposure at the newest block {head}", CatchUpLimit);
            var caughtUp = System.Diagnostics.Stopwatch.StartNew();
            var shown = await Poll.UntilAsync(async () => ParseBlock(await page.Locator("[data-testid=block-number]").InnerTextAsync()),
                b => b == head, $"the page to show the newest block {head}", CatchUpLimit);
            var plotted = await Poll.UntilAsync(() => page.EvaluateAsync<double>(
                    "() => { const d = document.querySelector('[data-testid=greeks-history-chart] .js-plotly-plot')?.data?.[0]?.customdata; return d && d.length ? Number(d[d.length - 1]) : 0; }"),
                b => (ulong)b == head, $"the Greeks history chart to end at block {head}", CatchUpLimit);
            output.WriteLine($"throttled {ThrottleRate}× for {ThrottledBlocks} blocks, {published.Count} updates seen published: {traffic}");
            output.WriteLine($"caught up with block {head} {caughtUp.Elapsed.TotalSeconds:0.0} s after the server had it (page {shown}, chart {plotted})");
            await page.ScreenshotAsync(new() { Path = Path.Combine(Browser.OutputDirectory, "throttled-tab-caught-up.png"), FullPage = true });

            // The throttle held the tab back (the renderer stopped sending for want of acknowledgements), through more
            // updates than the server would hold for it even at the bounds.
            Assert.True(traffic.QueueFull > 0, $"the tab kept up with every render under a {ThrottleRate}× throttle, so nothing was tested: {traffic}");
            Assert.True(published.Count > MaxUnacknowledgedBatches + MaxJsCallsWaiting, $"only {published.Count} updates were published during the throttle");
            Assert.Single(traffic.Connections);
            Assert.InRange(traffic.MaxUnacknowledged, 1, MaxUnacknowledgedBatches);
            Assert.InRange(traffic.MaxJsCallsWaiting, 1, MaxJsCallsWaiting);
        }
        finally
        {
            await swing.DisposeAsync();
        }
    }

    /// <summary>Reads the portfolio's exposure about twice a second and notes each block it is at: the updates the server published.</summary>
    private static async Task WatchPublishedBlocksAsync(IPage page, string exposure, SortedSet<ulong> seen, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(400));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (await BlockOfAsync(page, exposure) is { } block) seen.Add(block);
            }
        }
        catch (OperationCanceledException)
        {
            // The throttle is over.
        }
    }

    private static async Task<ulong?> BlockOfAsync(IPage page, string exposure)
    {
        var response = await page.Context.APIRequest.GetAsync(exposure);
        if (!response.Ok) return null;
        using var json = JsonDocument.Parse(await response.BodyAsync());
        return json.RootElement.TryGetProperty("blockNumber", out var block) ? block.GetUInt64() : null;
    }

    private static ulong ParseBlock(string text) =>
        ulong.Parse(text.Trim().TrimStart('#').Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    /// <summary>
    /// What the circuits' trace log says of a stretch of time: the render batches sent, how many at most were waiting for
    /// the browser's acknowledgement at once (and their bytes), how often the renderer held a render back because that
    /// queue was full, and the JS calls begun and how many at most awaited the browser's answer at once.
    /// </summary>
    private sealed partial record CircuitTraffic(int Sent, int MaxUnacknowledged, long MaxUnacknowledgedBytes, int QueueFull, IReadOnlySet<string> Connections, int JsCalls, int MaxJsCallsWaiting)
    {
        public static CircuitTraffic Of(string log)
        {
            var waiting = new SortedDictionary<long, long>();
            var connections = new HashSet<string>(StringComparer.Ordinal);
            var calls = new HashSet<long>();
            int sent = 0, maxWaiting = 0, full = 0, jsCalls = 0, maxCalls = 0;
            long maxBytes = 0;
            foreach (var line in log.Split('\n'))
            {
                if (Sending().Match(line) is { Success: true } s)
                {
                    sent++;
                    waiting[long.Parse(s.Groups[1].Value, CultureInfo.InvariantCulture)] = long.Parse(s.Groups[2].Value, CultureInfo.InvariantCulture);
                    connections.Add(s.Groups[3].Value);
                    maxWaiting = Math.Max(maxWaiting, waiting.Count);
                    maxBytes = Math.Max(maxBytes, waiting.Values.Sum());
                }
                else if (Completing().Match(line) is { Success: true } c)
                {
                    // An acknowledgement covers its batch and every earlier one.
                    var id = long.Parse(c.Groups[1].Value, CultureInfo.InvariantCulture);
                    foreach (var done in waiting.Keys.Where(k => k <= id).ToList()) waiting.Remove(done);
                }
                else if (line.Contains("The queue of unacknowledged render batches is full", StringComparison.Ordinal))
                {
                    full++;
                }
                else if (JsBegun().Match(line) is { Success: true } b)
                {
                    jsCalls++;
                    calls.Add(long.Parse(b.Groups[1].Value, CultureInfo.InvariantCulture));
                    maxCalls = Math.Max(maxCalls, calls.Count);
                }
                else if (JsAnswered().Match(line) is { Success: true } a)
                {
                    calls.Remove(long.Parse(a.Groups[1].Value, CultureInfo.InvariantCulture));
                }
            }
            return new CircuitTraffic(sent, maxWaiting, maxBytes, full, connections, jsCalls, maxCalls);
        }

        public override string ToString() =>
            $"{Sent} render batches sent, at most {MaxUnacknowledged} ({MaxUnacknowledgedBytes / 1024.0:0.0} KiB) unacknowledged at once, {QueueFull} render(s) held back on a full queue; " +
            $"{JsCalls} JS calls, at most {MaxJsCallsWaiting} awaiting the browser at once";

        [GeneratedRegex(@"Sending render batch (\d+) of size (\d+) bytes to client (\S+?)\.?\s*$")]
        private static partial Regex Sending();

        [GeneratedRegex(@"Completing batch (\d+) with")]
        private static partial Regex Completing();

        [GeneratedRegex(@"Begin invoke JS interop '(\d+)'")]
        private static partial Regex JsBegun();

        [GeneratedRegex(@"The JS interop call with callback id '(\d+)'")]
        private static partial Regex JsAnswered();
    }
}
