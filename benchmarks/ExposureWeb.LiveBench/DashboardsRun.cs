using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Cookie = System.Net.Cookie;

namespace ExposureWeb.LiveBench;

/// <summary>
/// The measured part of the dashboards benchmark, on an app whose engine already publishes every portfolio: opens the
/// pages and connects the hub clients (app RSS before and after each), then pushes ETH prices one at a time, each after
/// every page showed the one before plus a gap (so each is an isolated update that the hub's coalescing does not merge),
/// and reports.
/// </summary>
internal sealed class DashboardsRun(LiveApp live, DashboardsLayout layout, IReadOnlyList<int> ids, EthClient eth, DashboardsOptions o) : IAsyncDisposable
{
    /// <summary>Acceptance (issue 17): tick-to-screen p95 under 100 ms.</summary>
    public const double TickToScreenLimitMs = 100;

    /// <summary>The hub's coalescing interval (CoalescingHubPublisher.MinInterval): at most 4 messages a second per portfolio.</summary>
    public const double CoalescingMs = 250;

    /// <summary>Acceptance: hub delivery p95 under 250 ms beyond the coalescing interval.</summary>
    public const double HubDeliveryLimitMs = CoalescingMs + 250;

    /// <summary>How long one push may take to show on a page before that page counts as having missed it.</summary>
    private static readonly TimeSpan ShowLimit = TimeSpan.FromSeconds(30);

    /// <summary>After the hub clients have been quiet, how long a client behind the newest sequence may take to catch up.</summary>
    private static readonly TimeSpan CatchUpLimit = TimeSpan.FromSeconds(15);

    /// <summary>No client moved for this long: every message of the last push has been delivered.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);

    private readonly List<IPage> _pages = [];
    private readonly List<LightHubClient> _light = [];
    private readonly List<HubFanout.Client> _full = [];
    private IReadOnlyList<Cookie> _sessions = [];
    private Memory _none = null!, _withPages = null!, _withClients = null!;
    private double _basePrice;

    private Uri HubUrl => new(live.App.BaseUrl, HubFanout.HubPath);

    public async Task SetUpAsync(IBrowser browser, IReadOnlyList<Cookie> sessions, Action<string> progress, CancellationToken ct)
    {
        _sessions = sessions;
        var context = await TickToScreen.SignedInContextAsync(browser, live.App.BaseUrl, sessions[0]);
        // Warm-up: one page's and one hub client's whole life, so the JIT and first-use allocations of both paths are in
        // the baseline rather than charged to the circuits and connections.
        var warm = await context.NewPageAsync();
        await TickToScreen.OpenPortfolioAsync(warm, live.App.BaseUrl, ids[layout.Pages[0]], 60_000);
        await TickToScreen.EthPriceShownAsync(warm, TimeSpan.FromSeconds(60));
        await warm.CloseAsync();
        await (await LightHubClient.ConnectAsync(HubUrl, SessionOf(layout.Covered[0]), ids[layout.Covered[0]], ct)).DisposeAsync();
        // Open while setting up only: its EventPipe session is not part of what the pushes measure.
        using var gc = GcMonitor.Start(live.App.ProcessId);
        _none = await SampleMemoryAsync(gc, ct);

        foreach (var p in layout.Pages)
        {
            var page = await context.NewPageAsync();
            await TickToScreen.OpenPortfolioAsync(page, live.App.BaseUrl, ids[p], 60_000);
            _basePrice = await TickToScreen.EthPriceShownAsync(page, TimeSpan.FromSeconds(60));
            _pages.Add(page);
        }
        progress($"{_pages.Count} pages open (portfolio indices {string.Join(' ', layout.Pages)}), each interactive and showing the ETH price");
        _withPages = await SampleMemoryAsync(gc, ct);

        var connecting = Stopwatch.StartNew();
        using (var gate = new SemaphoreSlim(16))
        {
            async Task<T> Gated<T>(Func<Task<T>> connect)
            {
                await gate.WaitAsync(ct);
                try { return await connect(); }
                finally { gate.Release(); }
            }
            var light = layout.LightClients.Select(p => Gated(() => LightHubClient.ConnectAsync(HubUrl, SessionOf(p), ids[p], ct))).ToList();
            var full = layout.FullClients.Select(p => Gated(() => HubFanout.Client.ConnectAsync(HubUrl, SessionOf(p), ids[p], ct))).ToList();
            _light.AddRange(await Task.WhenAll(light));
            _full.AddRange(await Task.WhenAll(full));
        }
        progress($"{_light.Count} light and {_full.Count} full hub clients connected (WebSockets) and subscribed to {layout.Covered.Count} portfolios in {connecting.Elapsed.TotalSeconds:0} s");
        _withClients = await SampleMemoryAsync(gc, ct);
        foreach (var page in _pages) await page.EvaluateAsync<string?>(TickToScreen.ObserverScript);
    }

    public async Task<int> MeasureAsync(Action<string> progress, CancellationToken ct)
    {
        var feed = Address.Parse(live.Chain.PriceFeeds.Single(f => f.Underlying == "ETH").Address);
        // One unmeasured push: the pages' and clients' first live update is not what is measured.
        await PushAsync(feed, Math.Round(_basePrice * 1.0005, 2), ct);

        using var app = Process.GetProcessById(live.App.ProcessId);
        using var self = Process.GetCurrentProcess();
        var (appCpu, selfCpu) = (app.TotalProcessorTime, self.TotalProcessorTime);
        var (anvilCpu, browserCpu) = (ProcessTreeCpu.DescendantsSeconds(app.Id), ProcessTreeCpu.DescendantsSeconds(self.Id, app.Id));
        var window = Stopwatch.StartNew();
        var pushes = new List<Push>(o.Updates);
        for (int i = 1; i <= o.Updates; i++)
        {
            // Past the hub's coalescing interval: this update goes out at once instead of waiting for the one before.
            await Task.Delay(o.GapMs, ct);
            pushes.Add(await PushAsync(feed, TickToScreen.Target(_basePrice, i), ct));
            if (i % 10 == 0 || i == o.Updates) progress($"{i} of {o.Updates} updates pushed; load average {LiveApp.LoadAverage()}");
        }
        app.Refresh();
        self.Refresh();
        var seconds = window.Elapsed.TotalSeconds;
        var cpu = new Cpu((app.TotalProcessorTime - appCpu).TotalSeconds / seconds, (self.TotalProcessorTime - selfCpu).TotalSeconds / seconds,
            (ProcessTreeCpu.DescendantsSeconds(app.Id) - anvilCpu) / seconds, (ProcessTreeCpu.DescendantsSeconds(self.Id, app.Id) - browserCpu) / seconds, seconds);

        await UntilQuietAsync(ct);
        var newest = await NewestSentAsync(ct);
        var reached = await Dashboards.UntilAsync(() => Task.FromResult(Behind(newest).Count == 0), CatchUpLimit, ct);
        progress(reached ? "every hub client holds the newest update of its portfolio" : $"{Behind(newest).Count} hub clients still behind after {CatchUpLimit.TotalSeconds:0} s");
        return Report(pushes, newest, cpu);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_light.Select(c => c.DisposeAsync().AsTask()).Concat(_full.Select(c => c.DisposeAsync().AsTask())));
    }

    /// <summary>
    /// After 3 s of settling, the app's managed heap right after a blocking gen-2 collection (its live bytes: what
    /// circuits and connections hold, without the garbage that makes RSS jump by tens of MB on a 1 GB heap), then its RSS.
    /// </summary>
    private async Task<Memory> SampleMemoryAsync(GcMonitor gc, CancellationToken ct)
    {
        await Task.Delay(TimeSpan.FromSeconds(3), ct);
        var heap = await gc.CollectAsync(TimeSpan.FromSeconds(30), ct);
        return new Memory(await live.SampleRssAsync(ct), heap.Live / 1024);
    }

    private Cookie SessionOf(int portfolio) => _sessions[DashboardsLayout.Owner(portfolio)];

    /// <summary>Pushes one price and waits until every page shows it (or <see cref="ShowLimit"/> passes for a page).</summary>
    private async Task<Push> PushAsync(Address feed, double target, CancellationToken ct)
    {
        var (sentAtMs, block) = await TickToScreen.PushAsync(eth, feed, target, ct);
        var shown = await Task.WhenAll(_pages.Select(async page =>
        {
            try
            {
                var change = await TickToScreen.WaitForPriceAsync(page, target, sentAtMs).WaitAsync(ShowLimit, ct);
                return (double?)change.GetProperty("t").GetDouble();
            }
            catch (TimeoutException)
            {
                return null;
            }
        }));
        return new Push(sentAtMs, block, shown);
    }

    /// <summary>Waits until no hub client's sequence moved for <see cref="Quiet"/> (at most a minute).</summary>
    private async Task UntilQuietAsync(CancellationToken ct)
    {
        var limit = Stopwatch.StartNew();
        long last = -1;
        var still = Stopwatch.StartNew();
        while (limit.Elapsed < TimeSpan.FromMinutes(1))
        {
            var sum = _light.Sum(c => c.Held) + _full.Sum(c => c.Sequence);
            if (sum != last) (last, still) = (sum, Stopwatch.StartNew());
            else if (still.Elapsed >= Quiet) return;
            await Task.Delay(Poll.ProbeInterval, ct);
        }
    }

    /// <summary>
    /// The newest sequence the hub sent each covered portfolio: what it serves now (GetPositions answers with the number of
    /// the snapshot last sent, without joining the group), or a newer one a client holds.
    /// </summary>
    private async Task<Dictionary<int, long>> NewestSentAsync(CancellationToken ct)
    {
        var newest = new Dictionary<int, long>();
        foreach (var owner in layout.Covered.GroupBy(DashboardsLayout.Owner))
        {
            await using var auditor = HubFanout.Connection(HubUrl, _sessions[owner.Key]);
            await auditor.StartAsync(ct);
            foreach (var p in owner)
            {
                var page = await auditor.InvokeAsync<JsonElement>("GetPositions", ids[p], 0, 1, ct);
                newest[p] = page.GetProperty("sequence").GetInt64();
            }
        }
        for (int i = 0; i < _light.Count; i++) newest[layout.LightClients[i]] = Math.Max(newest[layout.LightClients[i]], _light[i].Held);
        for (int i = 0; i < _full.Count; i++) newest[layout.FullClients[i]] = Math.Max(newest[layout.FullClients[i]], _full[i].Sequence);
        return newest;
    }

    /// <summary>Clients (by description) that do not hold their portfolio's newest sequence.</summary>
    private List<string> Behind(Dictionary<int, long> newest) =>
        _light.Select((c, i) => (Held: c.Held, P: layout.LightClients[i], Name: $"light client {i}"))
            .Concat(_full.Select((c, i) => (Held: c.Sequence, P: layout.FullClients[i], Name: $"full client {i}")))
            .Where(x => x.Held < newest[x.P])
            .Select(x => $"{x.Name} (portfolio index {x.P}): holds {x.Held}, newest sent {newest[x.P]}")
            .ToList();

    private int Report(List<Push> pushes, Dictionary<int, long> newest, Cpu cpu)
    {
        var figures = new DashboardsFigures(layout, pushes, _light, _full);
        Console.WriteLine($"# load average {LiveApp.LoadAverage()} ({Environment.ProcessorCount} cores; the machine is shared)");
        var tick = figures.TickToScreen();
        var publish = figures.PublishToScreen();
        var delivery = figures.HubDelivery();
        var behind = Behind(newest);
        var gaps = _light.Select((c, i) => (c.Gaps, Name: $"light client {i}")).Concat(_full.Select((c, i) => (c.Gaps, Name: $"full client {i}")))
            .Where(x => x.Gaps.Count > 0).Select(x => $"{x.Name}: {x.Gaps.Count} gap(s), first {x.Gaps[0]}").ToList();
        var missing = _light.Select((c, i) => c.Gaps.Count > 0 || c.Held < newest[layout.LightClients[i]])
            .Concat(_full.Select((c, i) => c.Gaps.Count > 0 || c.Sequence < newest[layout.FullClients[i]])).Count(m => m);
        var pagesMissing = pushes.Sum(p => p.ShownAtMs.Count(t => t is null));

        Figures.Print("portfolios", layout.Portfolios);
        Figures.Print("pages", _pages.Count);
        Figures.Print("hub_clients", _light.Count);
        Figures.Print("full_replica_clients", _full.Count);
        Figures.Print("updates", pushes.Count);
        Figures.Print("window_s", cpu.Seconds, "0.0");
        Figures.Print("tick_to_screen_n", tick.Count);
        if (tick.Count > 0)
        {
            Figures.Print("tick_to_screen_p50_ms", Percentiles.Of(tick, 50));
            Figures.Print("tick_to_screen_p95_ms", Percentiles.Of(tick, 95));
            Figures.Print("tick_to_screen_max_ms", tick[^1]);
        }
        Figures.Print("publish_to_screen_n", publish.Count);
        if (publish.Count > 0)
        {
            Figures.Print("publish_to_screen_p50_ms", Percentiles.Of(publish, 50));
            Figures.Print("publish_to_screen_p95_ms", Percentiles.Of(publish, 95));
        }
        var cycle = figures.BlockToLastPublish();
        if (cycle.Count > 0)
        {
            Figures.Print("block_to_last_publish_p50_ms", Percentiles.Of(cycle, 50));
            Figures.Print("block_to_last_publish_p95_ms", Percentiles.Of(cycle, 95));
        }
        Figures.Print("hub_deliveries", delivery.Count);
        if (delivery.Count > 0)
        {
            Figures.Print("hub_delivery_p50_ms", Percentiles.Of(delivery, 50));
            Figures.Print("hub_delivery_p95_ms", Percentiles.Of(delivery, 95));
            Figures.Print("hub_delivery_max_ms", delivery[^1]);
        }
        Figures.Print("hub_clients_missing_updates", missing);
        Figures.Print("pages_missing_updates", pagesMissing);
        var connections = _light.Count + _full.Count;
        Figures.Print("rss_no_pages_kib", _none.RssKiB);
        Figures.Print("rss_pages_kib", _withPages.RssKiB);
        Figures.Print("rss_clients_kib", _withClients.RssKiB);
        Figures.Print("rss_per_circuit_kib", (_withPages.RssKiB - _none.RssKiB) / (double)_pages.Count, "0.0");
        Figures.Print("rss_per_hub_connection_kib", (_withClients.RssKiB - _withPages.RssKiB) / (double)connections, "0.0");
        Figures.Print("live_heap_per_circuit_kib", (_withPages.LiveKiB - _none.LiveKiB) / (double)_pages.Count, "0.0");
        Figures.Print("live_heap_per_hub_connection_kib", (_withClients.LiveKiB - _withPages.LiveKiB) / (double)connections, "0.0");
        Figures.Print("app_cpu_cores", cpu.App, "0.00");
        Figures.Print("bench_cpu_cores", cpu.Bench, "0.00");
        Figures.Print("anvil_cpu_cores", cpu.Anvil, "0.00");
        Figures.Print("browser_cpu_cores", cpu.Browser, "0.00");
        Console.WriteLine("# tick_to_screen = a page's DOM change to the pushed ETH price (MutationObserver, Date.now()) − just before the");
        Console.WriteLine("#   updateAnswer transaction was sent (anvil automines: the update's block); every page, every push. It holds the");
        Console.WriteLine($"#   engine's whole cycle over {layout.Portfolios} portfolios (read at the block, pricing, publication), then the path to the circuit");
        Console.WriteLine("# publish_to_screen = the same DOM change − the snapshot's ComputedAt (the engine's publication of that portfolio at that");
        Console.WriteLine("#   block, as its hub clients received it): the live path alone, without the engine's cycle");
        Console.WriteLine("# block_to_last_publish = the newest ComputedAt of the update's block among the hub-covered portfolios − the push");
        Console.WriteLine($"# hub_delivery = a hub client's receive time − the snapshot's ComputedAt (same clock), every client, every update; it includes");
        Console.WriteLine($"#   the hub's coalescing interval of {CoalescingMs:0} ms (≤ 4 messages/s per portfolio), so the limit is {CoalescingMs:0} + 250 = {HubDeliveryLimitMs:0} ms");
        Console.WriteLine($"# hub clients: {_light.Count} light (frames read as JSON numbers, no replica) over {layout.Covered.Count} portfolios of {layout.Users} workspace(s),");
        Console.WriteLine($"#   {DashboardsLayout.ClientsPerPortfolio} per portfolio, plus {_full.Count} full SnapshotReplica clients; a client missed updates when it saw a sequence gap");
        Console.WriteLine("#   or, after the clients were quiet, does not hold the newest sequence the hub sent its portfolio");
        Console.WriteLine($"# rss_per_circuit = (app VmRSS with {_pages.Count} pages open − with none, after a one-page warm-up) ÷ {_pages.Count};");
        Console.WriteLine($"#   rss_per_hub_connection = (with the clients − without, pages open) ÷ {connections}; each RSS the median of 5 samples 1 s");
        Console.WriteLine("#   apart, taken just after a blocking gen-2 collection; live_heap_per_* = the same with the managed bytes that collection");
        Console.WriteLine("#   left alive (EventPipe, as soak): what the circuits and connections hold, without RSS's noise of GC segments");
        Console.WriteLine("# cpu cores = CPU time over the push window ÷ its length: the app (without its anvil child), this process (the hub");
        Console.WriteLine("#   clients), anvil (the app's child), the browser (Chromium's processes and Playwright's driver: this process's other");
        Console.WriteLine("#   descendants); what the machine's other users took is in the load average");
        Console.WriteLine($"# each push (ms, p50 over pages): [{string.Join(", ", figures.PerPushMedians().Select(m => Math.Round(m)))}]");
        foreach (var line in gaps.Concat(behind).Take(20)) Console.Error.WriteLine($"  {line}");

        if (tick.Count == 0 || delivery.Count == 0)
        {
            Console.Error.WriteLine("FAIL: nothing measured: no page showed a pushed price or no hub client received an update");
            return 2;
        }
        var failures = new List<string>();
        if (Percentiles.Of(tick, 95) >= TickToScreenLimitMs) failures.Add($"tick_to_screen_p95 {Percentiles.Of(tick, 95):0} ms is not under {TickToScreenLimitMs:0} ms");
        if (Percentiles.Of(delivery, 95) >= HubDeliveryLimitMs) failures.Add($"hub_delivery_p95 {Percentiles.Of(delivery, 95):0} ms is not under {HubDeliveryLimitMs:0} ms");
        if (missing > 0) failures.Add($"{missing} hub client(s) missed updates");
        if (pagesMissing > 0) failures.Add($"{pagesMissing} page update(s) not shown within {ShowLimit.TotalSeconds:0} s");
        if (failures.Count > 0)
        {
            Console.Error.WriteLine($"FAIL: {string.Join("; ", failures)}");
            return 1;
        }
        Console.WriteLine("# PASS");
        return 0;
    }

    private sealed record Memory(long RssKiB, long LiveKiB);

    private sealed record Cpu(double App, double Bench, double Anvil, double Browser, double Seconds);
}

/// <summary>One measured push: when it was sent (Unix ms), its block, and when each page showed it (null: not within the limit).</summary>
internal sealed record Push(long SentAtMs, ulong Block, double?[] ShownAtMs);
