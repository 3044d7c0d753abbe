using System.Globalization;
using System.Text;
using ExposureWeb.E2E;
using Microsoft.Playwright;

namespace ExposureWeb.LiveBench;

/// <summary>
/// Long-run memory: the app with the simulator at 1 s, browser tabs on the demo portfolio and hub clients subscribed to it,
/// sampled every 30 s (RSS, managed heap after a gen-2 collection, gen-2 count, threads, file handles). Prints the
/// slope of the managed heap per hour (least squares over the samples after the warm-up) and the samples as CSV.
/// Exit 1 when the heap grows beyond noise or a tab or client stopped receiving updates.
/// </summary>
public static class Soak
{
    /// <summary>How long one requested gen-2 collection may take to be reported.</summary>
    private static readonly TimeSpan CollectLimit = TimeSpan.FromSeconds(30);

    /// <summary>Window of the live-heap floor: the least live heap in each such window after the warm-up.</summary>
    private static readonly TimeSpan FloorWindow = TimeSpan.FromMinutes(5);

    /// <summary>A tab or a client that saw no update for this long at the end of the run has stopped receiving.</summary>
    private static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(SoakOptions o, CancellationToken ct)
    {
        Console.WriteLine($"# command: dotnet run -c Release --project benchmarks/ExposureWeb.LiveBench -- soak --minutes {o.Minutes} --tabs {o.Tabs} --clients {o.Clients} --warmup-minutes {o.WarmupMinutes} --sample-seconds {o.SampleSeconds}");
        Console.WriteLine($"# started {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz}; {Environment.ProcessorCount} cores; load average {LiveApp.LoadAverage()}");
        await using var live = await LiveApp.StartAsync(new Dictionary<string, string> { ["DevChain:TickSeconds"] = "1" }, ct);
        Console.WriteLine($"# app healthy after {live.TimeToHealthy.TotalSeconds:0.0} s (pid {live.App.ProcessId}); demo portfolio {live.DemoPortfolioId}");
        using var gc = GcMonitor.Start(live.App.ProcessId);

        var (playwright, browser) = await Browser.LaunchAsync();
        var clients = new List<HubFanout.Client>(o.Clients);
        try
        {
            var tabs = await OpenTabsAsync(browser, live, o.Tabs);
            var hubUrl = new Uri(live.App.BaseUrl, "/hubs/exposure");
            for (int i = 0; i < o.Clients; i++) clients.Add(await HubFanout.Client.ConnectAsync(hubUrl, live.Session, live.DemoPortfolioId, ct));
            Console.WriteLine($"# {o.Tabs} tabs showing the demo portfolio, {o.Clients} hub clients subscribed");

            var csvPath = Path.GetFullPath($"soak-{DateTimeOffset.Now:yyyyMMdd-HHmmss}.csv");
            await using var csv = new StreamWriter(csvPath, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };
            await csv.WriteLineAsync(SoakSample.CsvHeader);
            Console.WriteLine($"# samples written as they are taken to {csvPath}");

            var samples = new List<SoakSample>();
            var start = DateTimeOffset.UtcNow;
            var duration = TimeSpan.FromMinutes(o.Minutes);
            for (int k = 0; ; k++)
            {
                var due = start + TimeSpan.FromSeconds(k * o.SampleSeconds);
                if (due - start > duration) break;
                var wait = due - DateTimeOffset.UtcNow;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
                var sample = await SampleAsync(live, gc, clients, (DateTimeOffset.UtcNow - start).TotalSeconds, ct);
                samples.Add(sample);
                await csv.WriteLineAsync(sample.ToCsv());
                Console.WriteLine($"# t={sample.Seconds,5:0} s  heap {Mib(sample.HeapBytes),6:0.0} MiB (live {Mib(sample.LiveBytes),6:0.0}, LOH {Mib(sample.LohBytes),6:0.0})  rss {sample.RssKiB / 1024.0,6:0.0} MiB  gen2 {sample.Gen2Count,4} ({sample.Gen2NotInduced} not induced)  threads {sample.Threads,3}  fds {sample.FileHandles,4}  load {sample.LoadAverage}");
            }

            var stalled = await CheckStillLiveAsync(tabs, clients, ct);
            return Report(o, samples, stalled);
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    private static async Task<List<IPage>> OpenTabsAsync(IBrowser browser, LiveApp live, int count)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        await context.AddCookiesAsync([new Cookie { Name = live.Session.Name, Value = live.Session.Value, Url = live.App.BaseUrl.ToString() }]);
        var pages = new List<IPage>(count);
        for (int i = 0; i < count; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(live.App.BaseUrl, $"/portfolios/{live.DemoPortfolioId}").ToString());
            await page.Locator("[data-testid=interactive][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
            await page.Locator("[data-testid=price-ETH]").WaitForAsync(new() { Timeout = 60_000 });
            pages.Add(page);
        }
        return pages;
    }

    private static async Task<SoakSample> SampleAsync(LiveApp live, GcMonitor gc, List<HubFanout.Client> clients, double seconds, CancellationToken ct)
    {
        var heap = await gc.CollectAsync(CollectLimit, ct);
        var status = ProcStatus(live.App.ProcessId);
        var received = clients.Count == 0 ? 0 : clients.Min(c => c.Snapshot().Count);
        return new SoakSample(seconds, status["VmRSS"], heap.Total, heap.Live, heap.Gen2, heap.LargeObjects, gc.Gen2Count, gc.Gen2NotInduced,
            (int)status["Threads"], Directory.GetFiles($"/proc/{live.App.ProcessId}/fd").Length, received, LiveApp.LoadAverage());
    }

    /// <summary>Each tab's ETH price still changes and each client received an update recently: the load was real to the end.</summary>
    private static async Task<List<string>> CheckStillLiveAsync(List<IPage> tabs, List<HubFanout.Client> clients, CancellationToken ct)
    {
        var stalled = new List<string>();
        for (int i = 0; i < tabs.Count; i++)
        {
            var cell = tabs[i].Locator("[data-testid=price-ETH]");
            var before = await cell.InnerTextAsync();
            try
            {
                await Poll.UntilAsync(async () => await cell.InnerTextAsync(), t => t != before, $"tab {i}'s ETH price to change", SilenceLimit);
            }
            catch (TimeoutException)
            {
                stalled.Add($"tab {i}: ETH price stuck at {before} for {SilenceLimit.TotalSeconds:0} s");
            }
        }
        var now = DateTimeOffset.UtcNow;
        for (int i = 0; i < clients.Count; i++)
        {
            var last = clients[i].Snapshot().Select(r => r.ReceivedAt).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
            if (now - last > SilenceLimit) stalled.Add($"client {i}: last update {(last == DateTimeOffset.MinValue ? "never" : $"{(now - last).TotalSeconds:0} s ago")}");
            if (clients[i].Gaps.Count > 0) stalled.Add($"client {i}: {clients[i].Gaps.Count} gap(s): {clients[i].Gaps[0]}");
        }
        ct.ThrowIfCancellationRequested();
        return stalled;
    }

    private static int Report(SoakOptions o, List<SoakSample> samples, List<string> stalled)
    {
        var after = samples.Where(s => s.Seconds >= o.WarmupMinutes * 60).ToList();
        var first = samples[0];
        var last = samples[^1];
        Print("minutes", o.Minutes);
        Print("tabs", o.Tabs);
        Print("clients", o.Clients);
        Print("samples", samples.Count);
        Print("samples_after_warmup", after.Count);
        Print("rss_start_mib", first.RssKiB / 1024.0);
        Print("rss_end_mib", last.RssKiB / 1024.0);
        Print("rss_max_mib", samples.Max(s => s.RssKiB) / 1024.0);
        PrintRange("heap", samples, s => s.HeapBytes);
        PrintRange("live", samples, s => s.LiveBytes);
        Print("gen2_collections", last.Gen2Count);
        Print("gen2_collections_not_induced", last.Gen2NotInduced);
        Print("threads_start", first.Threads);
        Print("threads_end", last.Threads);
        Print("file_handles_start", first.FileHandles);
        Print("file_handles_end", last.FileHandles);
        Print("updates_per_client_min", last.UpdatesPerClientMin);

        var growth = false;
        if (after.Count >= 3)
        {
            var fit = LeastSquares.Fit(after.Select(s => (s.Seconds / 3600, Mib(s.HeapBytes))).ToList());
            var rssFit = LeastSquares.Fit(after.Select(s => (s.Seconds / 3600, s.RssKiB / 1024.0)).ToList());
            var liveFit = LeastSquares.Fit(after.Select(s => (s.Seconds / 3600, Mib(s.LiveBytes))).ToList());
            var mean = after.Average(s => Mib(s.HeapBytes));
            Print("heap_after_warmup_mean_mib", mean);
            Print("heap_slope_mib_per_h", fit.Slope);
            Print("heap_slope_stderr_mib_per_h", fit.StandardError);
            Print("heap_residual_sd_mib", fit.ResidualSd);
            Print("live_slope_mib_per_h", liveFit.Slope);
            Print("live_slope_stderr_mib_per_h", liveFit.StandardError);
            Print("rss_slope_mib_per_h", rssFit.Slope);
            // The floor: the least live heap of each 5-minute window. Transient peaks (a big buffer in use at the moment of
            // the collection) scatter the samples; what stays between them is what a leak would raise.
            var floors = after.GroupBy(s => (int)(s.Seconds / FloorWindow.TotalSeconds)).Where(g => g.Count() >= 2)
                .Select(g => g.MinBy(s => s.LiveBytes)!).ToList();
            if (floors.Count >= 3)
            {
                var floorFit = LeastSquares.Fit(floors.Select(s => (s.Seconds / 3600, Mib(s.LiveBytes))).ToList());
                Print("live_floor_slope_mib_per_h", floorFit.Slope);
                Print("live_floor_slope_stderr_mib_per_h", floorFit.StandardError);
                Console.WriteLine($"# live floor (least live heap per {FloorWindow.TotalMinutes:0} min): {string.Join(" ", floors.Select(f => Mib(f.LiveBytes).ToString("0.0", CultureInfo.InvariantCulture)))} MiB");
            }
            // Growth: a slope both distinguishable from the sample's noise (beyond two standard errors) and not negligible
            // (over 2 % of the heap per hour: a steady state with a little churn stays under it).
            growth = fit.Slope > 2 * fit.StandardError && fit.Slope > 0.02 * mean;
            Console.WriteLine($"# heap slope over the {after.Count} samples after {o.WarmupMinutes} min: {fit.Slope:+0.00;-0.00} ± {fit.StandardError:0.00} MiB/h (1 s.e.), mean {mean:0.0} MiB");
        }
        else
        {
            Console.WriteLine($"# fewer than 3 samples after the {o.WarmupMinutes}-minute warm-up: no slope (run longer or lower --warmup-minutes)");
        }
        Console.WriteLine("# heap = managed heap (gen0+gen1+gen2+LOH+POH) right after a blocking gen-2 collection the benchmark asks the");
        Console.WriteLine("#   runtime for over its diagnostics port (EventPipe, GCHeapCollect, as dotnet-gcdump does): each sample induces one;");
        Console.WriteLine("#   it counts free space in the generations (the LOH is not compacted); live = bytes that survived that collection");
        Console.WriteLine("# rss = VmRSS of the app process (not its anvil child); fds = entries of /proc/<pid>/fd; gen2 counts since the monitor started");
        Console.WriteLine("# samples (CSV):");
        Console.WriteLine(SoakSample.CsvHeader);
        foreach (var s in samples) Console.WriteLine(s.ToCsv());
        foreach (var line in stalled) Console.Error.WriteLine($"  {line}");
        if (stalled.Count > 0)
        {
            Console.Error.WriteLine($"FAIL: {stalled.Count} tab(s)/client(s) stopped receiving updates: the load was not what was asked");
            return 1;
        }
        if (growth)
        {
            Console.Error.WriteLine("FAIL: the managed heap grows after the warm-up beyond noise");
            return 1;
        }
        Console.WriteLine("# PASS: every tab and client live to the end; no managed-heap growth after the warm-up beyond noise");
        return 0;
    }

    private static Dictionary<string, long> ProcStatus(int pid)
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) continue;
            var name = line[..colon];
            if (name is not ("VmRSS" or "Threads")) continue;
            values[name] = long.Parse(line[(colon + 1)..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
        }
        return values;
    }

    private static double Mib(long bytes) => bytes / 1024.0 / 1024.0;

    /// <summary>First, last, least and greatest of one byte count over the samples, MiB.</summary>
    private static void PrintRange(string name, List<SoakSample> samples, Func<SoakSample, long> bytes)
    {
        Print($"{name}_start_mib", Mib(bytes(samples[0])));
        Print($"{name}_end_mib", Mib(bytes(samples[^1])));
        Print($"{name}_min_mib", Mib(samples.Min(bytes)));
        Print($"{name}_max_mib", Mib(samples.Max(bytes)));
    }

    private static void Print(string name, double value) =>
        Console.WriteLine($"{name} {Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture)}");
}

public sealed record SoakOptions(int Minutes, int Tabs, int Clients, int WarmupMinutes, int SampleSeconds);

/// <summary>One sample of the app process.</summary>
public sealed record SoakSample(double Seconds, long RssKiB, long HeapBytes, long LiveBytes, long Gen2Bytes, long LohBytes, int Gen2Count, int Gen2NotInduced,
    int Threads, int FileHandles, int UpdatesPerClientMin, string LoadAverage)
{
    public const string CsvHeader = "seconds,rss_kib,gc_heap_bytes,gc_live_bytes,gen2_bytes,loh_bytes,gen2_count,gen2_not_induced,threads,file_handles,updates_per_client_min,load_1m";

    public string ToCsv() => string.Join(',',
        Seconds.ToString("0", CultureInfo.InvariantCulture), RssKiB, HeapBytes, LiveBytes, Gen2Bytes, LohBytes, Gen2Count, Gen2NotInduced, Threads, FileHandles, UpdatesPerClientMin,
        LoadAverage.Split(' ')[0]);
}

/// <summary>Ordinary least squares of y on x, with the slope's standard error.</summary>
public static class LeastSquares
{
    public readonly record struct Line(double Slope, double Intercept, double StandardError, double ResidualSd);

    public static Line Fit(IReadOnlyList<(double X, double Y)> points)
    {
        var n = points.Count;
        var mx = points.Average(p => p.X);
        var my = points.Average(p => p.Y);
        var sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
        var sxy = points.Sum(p => (p.X - mx) * (p.Y - my));
        var slope = sxy / sxx;
        var intercept = my - slope * mx;
        var ssr = points.Sum(p => Math.Pow(p.Y - (intercept + slope * p.X), 2));
        var residualVariance = n > 2 ? ssr / (n - 2) : 0;
        return new Line(slope, intercept, Math.Sqrt(residualVariance / sxx), Math.Sqrt(residualVariance));
    }
}
