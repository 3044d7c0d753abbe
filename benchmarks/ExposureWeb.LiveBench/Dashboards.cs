using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ExposureWeb.Benchmarks.Shared;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.E2E;
using Microsoft.Playwright;
using Cookie = System.Net.Cookie;
using Nethereum.Signer;

namespace ExposureWeb.LiveBench;

/// <summary>Options of the dashboards command.</summary>
public sealed record DashboardsOptions(int Portfolios, int Pages, int HubClients, int Updates, int GapMs);

/// <summary>
/// The live path at scale (issue 17): the real app with its engine on the engine benchmark's 1,000 portfolios (2,500
/// seeded addresses holding every position kind, stored in workspaces of the bench users), N pages of one headless
/// Chromium on different portfolios, M light hub clients and 10 full replica clients; then ETH oracle pushes, one at a
/// time, each timed from its block to every page's DOM (and from the engine's publication to it) and followed on every
/// hub client. Setup in this file; the pushes and the figures in <see cref="DashboardsRun"/>.
/// </summary>
public static class Dashboards
{
    private const int FullClientCount = 10;

    /// <summary>How long the engine may take to read newly stored portfolios: its directory re-reads within 30 s, then a cold read of 2,500 addresses.</summary>
    private static readonly TimeSpan PickUpLimit = TimeSpan.FromMinutes(4);

    /// <summary>One block's cycle over every portfolio; 1 s on a quiet machine, several under load.</summary>
    private static readonly TimeSpan CycleLimit = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(DashboardsOptions o, CancellationToken ct)
    {
        Console.WriteLine($"# command: dotnet run -c Release --project benchmarks/ExposureWeb.LiveBench -- dashboards --portfolios {o.Portfolios} --pages {o.Pages} --hub-clients {o.HubClients} --updates {o.Updates} --gap-ms {o.GapMs}");
        Console.WriteLine($"# started {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz}; {Environment.ProcessorCount} cores; load average {LiveApp.LoadAverage()}");
        var layout = new DashboardsLayout(o.Portfolios, o.Pages, o.HubClients, FullClientCount);
        var clock = Stopwatch.StartNew();
        void Progress(string step) => Console.WriteLine($"# [{clock.Elapsed:mm\\:ss}] {step}");

        using var data = new TempDirectory("exposureweb-dashbench-");
        var database = data.PathOf("app.db");
        await using var live = await LiveApp.StartAsync(new Dictionary<string, string>
        {
            // Only the benchmark's pushes move prices.
            ["DevChain:TickSeconds"] = "0",
            // The dev chain's state file (anvil_dumpState of 2,500 seeded accounts, parsed and rewritten whenever the head
            // moved, every 2 s by default) is the demo's persistence, not the live path: kept out of the app's CPU.
            ["DevChain:StateSaveSeconds"] = "3600",
            // As the engine benchmark: one block's batches for 1,000 portfolios can take longer than 3 s on a loaded machine.
            ["Engine:RpcTimeoutMs"] = "30000",
            // A file this process writes the portfolios into.
            ["Database:Path"] = database,
        }, ct);
        Progress($"app healthy after {live.TimeToHealthy.TotalSeconds:0.0} s (pid {live.App.ProcessId})");
        using var rpc = new JsonRpcHttpClient(new Uri(live.Chain.RpcUrls[0]), TimeSpan.FromSeconds(120));
        var eth = new EthClient(rpc);

        var wallets = BenchWallets.Addresses(BenchWallets.DistinctFor(o.Portfolios));
        await BenchWallets.SeedAsync(rpc, live.Chain, wallets, ct, Progress);
        var sessions = await SignInUsersAsync(live, layout.Users, ct);
        var ids = await BenchWorkspaces.StoreAsync(database, live.Chain.Name, sessions.Select(s => s.Address).ToList(),
            BenchWallets.PortfolioOwners(wallets, o.Portfolios), DashboardsLayout.PerWorkspace, ct);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Progress($"{o.Portfolios} portfolios of 3 addresses ({wallets.Count} distinct) stored in {layout.Users} workspaces of {DashboardsLayout.PerWorkspace}, one per bench user");

        var probes = sessions.Select(s => LiveApp.ClientWith(live.App.BaseUrl, s.Session, TimeSpan.FromSeconds(30))).ToList();
        try
        {
            await WaitForEngineAsync(eth, layout, ids, probes, Progress, ct);
        }
        finally
        {
            foreach (var p in probes) p.Dispose();
        }

        var (playwright, browser) = await Browser.LaunchAsync();
        var run = new DashboardsRun(live, layout, ids, eth, o);
        try
        {
            await run.SetUpAsync(browser, sessions.Select(s => s.Session).ToList(), Progress, ct);
            return await run.MeasureAsync(Progress, ct);
        }
        finally
        {
            await run.DisposeAsync();
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    /// <summary>
    /// The LiveApp user and <paramref name="count"/> − 1 more, each signed in over SIWE with a key of its own (derived from
    /// its number; no funds needed), so each owns one workspace and its hub clients present its session.
    /// </summary>
    private static async Task<IReadOnlyList<(string Address, Cookie Session)>> SignInUsersAsync(LiveApp live, int count, CancellationToken ct)
    {
        var users = new List<(string, Cookie)> { (LiveApp.UserAddress, live.Session) };
        for (int k = 1; k < count; k++)
        {
            var key = new EthECKey(SHA256.HashData(Encoding.ASCII.GetBytes($"exposureweb livebench user {k}")), true);
            users.Add((key.GetPublicAddress(), await LiveApp.SignInAsync(live.App.BaseUrl, key, ct)));
        }
        return users;
    }

    /// <summary>
    /// Mines until the engine has published a snapshot of the last portfolio of every workspace (the directory re-reads the
    /// database within 30 s, then the cold read discovers 2,500 addresses' positions), then three more blocks, each waited
    /// for, so the steady cycle is warm before anything is measured.
    /// </summary>
    private static async Task WaitForEngineAsync(EthClient eth, DashboardsLayout layout, IReadOnlyList<int> ids, IReadOnlyList<HttpClient> probes,
        Action<string> progress, CancellationToken ct)
    {
        var probed = layout.LastOfEachWorkspace().Select(p => (Http: probes[DashboardsLayout.Owner(p)], Id: ids[p])).ToList();
        async Task<bool> AllAtAsync(ulong block)
        {
            foreach (var (http, id) in probed)
            {
                if (await SnapshotBlockAsync(http, id, ct) is not { } seen || seen < block) return false;
            }
            return true;
        }

        var waited = Stopwatch.StartNew();
        var first = await eth.BlockNumberAsync(ct) + 1;
        while (true)
        {
            await eth.RequestAsync<JsonElement>("evm_mine", [], ct);
            // A block every 3 s while waiting: each one has the engine look at its directory again.
            if (await UntilAsync(() => AllAtAsync(first), TimeSpan.FromSeconds(3), ct)) break;
            if (waited.Elapsed > PickUpLimit) throw new TimeoutException($"the engine published no snapshot of the stored portfolios within {PickUpLimit.TotalMinutes:0} min");
        }
        progress($"engine publishing all {layout.Portfolios} portfolios after {waited.Elapsed.TotalSeconds:0} s (directory re-read and cold read)");

        var cycles = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            var cycle = Stopwatch.StartNew();
            var block = await eth.BlockNumberAsync(ct) + 1;
            await eth.RequestAsync<JsonElement>("evm_mine", [], ct);
            if (!await UntilAsync(() => AllAtAsync(block), CycleLimit, ct)) throw new TimeoutException($"block {block} was not published for every workspace within {CycleLimit.TotalSeconds:0} s");
            cycles.Add($"{cycle.Elapsed.TotalMilliseconds:0}");
        }
        progress($"warm-up blocks mined → published for every workspace (ms, polled every 100 ms): {string.Join(", ", cycles)}");
    }

    /// <summary>The block of the snapshot the app serves for a portfolio; null before its first.</summary>
    private static async Task<ulong?> SnapshotBlockAsync(HttpClient http, int portfolioId, CancellationToken ct)
    {
        using var response = await http.GetAsync($"/api/portfolios/{portfolioId}/exposure", ct);
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable) return null;
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET exposure of portfolio {portfolioId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("blockNumber").GetUInt64();
    }

    /// <summary>Asks <paramref name="condition"/> every 100 ms until it holds (true) or <paramref name="limit"/> passes (false).</summary>
    internal static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan limit, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (await condition()) return true;
            await Task.Delay(Poll.ProbeInterval, ct);
        }
        return await condition();
    }
}
