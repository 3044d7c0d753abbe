using System.Globalization;
using ExposureWeb.LiveBench;

// Live-update benchmarks against the real app (ExposureWeb.dll started as a child process on its embedded dev chain,
// signed in over SIWE as anvil dev account #1, viewing the demo portfolio). Prints machine-readable "name value" lines
// and '#' comment lines. Timings depend on the machine's load: 2 cores shared by the app, anvil, Chromium and this process.
//   tick-to-screen [--updates 50] [--gap-ms 300]   oracle update's block → DOM change in Chromium; exit 1 if p95 ≥ 250 ms
//   hub-fanout [--clients 200] [--seconds 30]      N SignalR clients on one portfolio; exit 1 if any client missed an update
//   soak [--minutes 60] [--tabs 3] [--clients 50] [--warmup-minutes 10] [--sample-seconds 30]
//                                                  memory over a long run (Soak.cs); exit 1 if the managed heap grows after the warm-up
//   big-portfolio [--positions 5000] [--watch-seconds 20]  a portfolio at the manual-position quota: page interactive,
//                                                  delete in one click, app RSS growth; exit 1 if ≥ 3 s or ≥ 200 MB
//   dashboards [--pages 20] [--hub-clients 1000] [--updates 30] [--gap-ms 500] [--portfolios 1000]
//                                                  the engine on 1,000 seeded portfolios, N Chromium pages and M light + 10 full
//                                                  hub clients (Dashboards.cs); exit 1 if tick-to-screen p95 ≥ 100 ms, hub
//                                                  delivery p95 ≥ 250 + 250 ms or any client missed an update
// Exit 2: nothing measured: the app was not healthy within 90 s, a setup step failed, or a usage error.
// Usage: dotnet run -c Release --project benchmarks/ExposureWeb.LiveBench -- <command> [options]

const string Usage = "usage: tick-to-screen [--updates N] [--gap-ms MS] | hub-fanout [--clients N] [--seconds S] | soak [--minutes N] [--tabs N] [--clients N] [--warmup-minutes N] [--sample-seconds S] | big-portfolio [--positions N] [--watch-seconds S] | dashboards [--pages N (≤ 100)] [--hub-clients N] [--updates N] [--gap-ms MS] [--portfolios N]";
if (args.Length == 0)
{
    Console.Error.WriteLine(Usage);
    return 2;
}
var options = new Dictionary<string, int>(StringComparer.Ordinal);
for (int i = 1; i < args.Length; i++)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value <= 0)
    {
        Console.Error.WriteLine($"bad argument {args[i]}; {Usage}");
        return 2;
    }
    options[args[i]] = value;
    i++;
}

int Option(string name, int fallback) => options.Remove(name, out var v) ? v : fallback;

// A bound on the whole run, so a hung step cannot keep the app and its load going: 15 min, the soak's length plus 15, or
// 20 for dashboards (seeding 2,500 addresses, the engine's cold read of them, 20 pages and 1,000 connections, then pushes
// that each wait for a 1,000-portfolio engine cycle: 8.5 min in all at a load average of 43).
using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(15));
Func<Task<int>> run;
switch (args[0])
{
    case "tick-to-screen":
        var updates = Option("--updates", 50);
        var gapMs = Option("--gap-ms", 300);
        run = () => TickToScreen.RunAsync(updates, gapMs, limit.Token);
        break;
    case "hub-fanout":
        var clients = Option("--clients", 200);
        var seconds = Option("--seconds", 30);
        run = () => HubFanout.RunAsync(clients, seconds, limit.Token);
        break;
    case "soak":
        var soak = new SoakOptions(Option("--minutes", 60), Option("--tabs", 3), Option("--clients", 50), Option("--warmup-minutes", 10), Option("--sample-seconds", 30));
        limit.CancelAfter(TimeSpan.FromMinutes(soak.Minutes + 15));
        run = () => Soak.RunAsync(soak, limit.Token);
        break;
    case "big-portfolio":
        var positions = Option("--positions", 5000);
        var watchSeconds = Option("--watch-seconds", 20);
        run = () => BigPortfolio.RunAsync(positions, watchSeconds, limit.Token);
        break;
    case "dashboards":
        var dashboards = new DashboardsOptions(Option("--portfolios", 1000), Option("--pages", 20), Option("--hub-clients", 1000), Option("--updates", 30), Option("--gap-ms", 500));
        if (dashboards.Pages > Math.Min(DashboardsLayout.PerWorkspace, dashboards.Portfolios))
        {
            Console.Error.WriteLine($"--pages {dashboards.Pages}: at most {Math.Min(DashboardsLayout.PerWorkspace, dashboards.Portfolios)} (the pages show portfolios of one workspace); {Usage}");
            return 2;
        }
        limit.CancelAfter(TimeSpan.FromMinutes(20));
        run = () => Dashboards.RunAsync(dashboards, limit.Token);
        break;
    default:
        Console.Error.WriteLine($"unknown command {args[0]}; {Usage}");
        return 2;
}
if (options.Count > 0)
{
    Console.Error.WriteLine($"unknown option {options.Keys.First()} for {args[0]}; {Usage}");
    return 2;
}

try
{
    return await run();
}
catch (AppNotHealthyException ex)
{
    Console.Error.WriteLine($"FAIL: the app did not become healthy within {LiveApp.HealthyLimit.TotalSeconds:0} s: {ex.Message}");
    return 2;
}
catch (Exception ex) when (ex is not OutOfMemoryException)
{
    // Not a slow result but no result: a setup step or a wait for the page broke.
    Console.Error.WriteLine($"FAIL: the benchmark could not run: {ex}");
    return 2;
}
