using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.E2E;
using Nethereum.Signer;

namespace ExposureWeb.LiveBench;

/// <summary>The real app on its embedded dev chain, healthy, with one signed-in session that may view the demo portfolio.</summary>
public sealed class LiveApp : IAsyncDisposable
{
    /// <summary>Same limit as the e2e suite: the app is healthy with a chain head within 90 s of starting.</summary>
    public static readonly TimeSpan HealthyLimit = TimeSpan.FromSeconds(90);

    public const string SessionCookieName = "exposure.session";

    /// <summary>anvil dev account #1's key (a public test key, worthless on any real chain): the benchmark's signed-in user.</summary>
    private const string SignInKey = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    private const ulong DevChainId = 31337;

    private LiveApp(AppProcess app, TimeSpan timeToHealthy, ChainProfile chain, Cookie session, int demoPortfolioId)
    {
        App = app;
        TimeToHealthy = timeToHealthy;
        Chain = chain;
        Session = session;
        DemoPortfolioId = demoPortfolioId;
    }

    public AppProcess App { get; }

    public TimeSpan TimeToHealthy { get; }

    public ChainProfile Chain { get; }

    /// <summary>The session cookie of the signed-in user (host-only, for the app's loopback address).</summary>
    public Cookie Session { get; }

    public int DemoPortfolioId { get; }

    /// <summary>Starts the app with <paramref name="settings"/>, waits until /health says Healthy, signs in, finds the demo portfolio.</summary>
    /// <exception cref="AppNotHealthyException">The app was not healthy within <see cref="HealthyLimit"/>.</exception>
    public static async Task<LiveApp> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken ct)
    {
        var app = AppProcess.Start(settings);
        try
        {
            using var http = new HttpClient { BaseAddress = app.BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                await Poll.UntilAsync(async () => await http.GetFromJsonAsync<JsonElement>("/health", ct),
                    h => h.GetProperty("status").GetString() == "Healthy", "app healthy with a chain head", HealthyLimit);
            }
            catch (TimeoutException ex)
            {
                var log = app.Log;
                throw new AppNotHealthyException($"{ex.Message}{(app.HasExited ? " (the app exited)" : "")}; last lines of its log:{Environment.NewLine}{Tail(log, 40)}");
            }
            var timeToHealthy = app.StartedAt.Elapsed;
            var chain = ChainProfileFile.Load(app.DevChainProfilePath);
            var (session, demoId) = await SignInAsync(app.BaseUrl, app.StartedAt, ct);
            return new LiveApp(app, timeToHealthy, chain, session, demoId);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>RSS of the app process (VmRSS of /proc/&lt;pid&gt;/status), KiB.</summary>
    public long ResidentKiB()
    {
        foreach (var line in File.ReadLines($"/proc/{App.ProcessId}/status"))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            return long.Parse(line["VmRSS:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"no VmRSS in /proc/{App.ProcessId}/status");
    }

    /// <summary>The median of 5 RSS samples 1 s apart, KiB: one sample catches the GC mid-collection.</summary>
    public async Task<long> SampleRssAsync(CancellationToken ct)
    {
        var samples = new List<double>();
        for (int i = 0; i < 5; i++)
        {
            if (i > 0) await Task.Delay(TimeSpan.FromSeconds(1), ct);
            samples.Add(ResidentKiB());
        }
        return (long)Percentiles.Median(samples);
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();

    /// <summary>The machine's 1/5/15-minute load averages: on 2 shared cores, the first thing to read beside a timing.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>The signed-in user's wallet address (EIP-55).</summary>
    public static string UserAddress => new EthECKey(SignInKey).GetPublicAddress();

    /// <summary>
    /// Signs in over HTTP as a browser wallet would (SIWE challenge, EIP-191 signature, verify), exactly as the web tests'
    /// TestWallet does; the first sign-in of a key creates its user. Returns the session cookie.
    /// </summary>
    public static async Task<Cookie> SignInAsync(Uri baseUrl, EthECKey key, CancellationToken ct)
    {
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };

        using var challenge = await http.PostAsJsonAsync("/auth/siwe/challenge", new { address = key.GetPublicAddress(), chainId = DevChainId }, ct);
        var challengeBody = await challenge.Content.ReadFromJsonAsync<JsonElement>(ct);
        if (!challenge.IsSuccessStatusCode) throw new InvalidOperationException($"sign-in challenge refused: {challengeBody}");
        var message = challengeBody.GetProperty("message").GetString()!;
        var signature = new EthereumMessageSigner().EncodeUTF8AndSign(message, key);
        using var verify = await http.PostAsJsonAsync("/auth/siwe/verify", new { message, signature }, ct);
        if (!verify.IsSuccessStatusCode) throw new InvalidOperationException($"sign-in refused: {(int)verify.StatusCode} {await verify.Content.ReadAsStringAsync(ct)}");
        return cookies.GetCookies(baseUrl)[SessionCookieName] ?? throw new InvalidOperationException($"sign-in answered {(int)verify.StatusCode} without a {SessionCookieName} cookie");
    }

    /// <summary>An HTTP client of the app that presents <paramref name="session"/>.</summary>
    public static HttpClient ClientWith(Uri baseUrl, Cookie session, TimeSpan timeout)
    {
        var cookies = new CookieContainer();
        cookies.Add(baseUrl, new Cookie(session.Name, session.Value, "/", baseUrl.Host));
        return new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseUrl, Timeout = timeout };
    }

    /// <summary>Signs in as the benchmark's user and returns the session cookie with the demo portfolio's id (waiting for the demo to be seeded).</summary>
    private static async Task<(Cookie Session, int DemoPortfolioId)> SignInAsync(Uri baseUrl, Stopwatch startedAt, CancellationToken ct)
    {
        var session = await SignInAsync(baseUrl, new EthECKey(SignInKey), ct);
        using var http = ClientWith(baseUrl, session, TimeSpan.FromSeconds(30));

        // The demo portfolio is seeded in the background once the dev chain is deployed, which can be just after /health
        // first says Healthy: wait for it within what is left of the start-up limit.
        var left = HealthyLimit - startedAt.Elapsed;
        try
        {
            var demoId = await Poll.UntilAsync(async () => DemoId(await http.GetFromJsonAsync<JsonElement>("/api/portfolios", ct)),
                id => id is not null, "the demo portfolio listed for the signed-in user", left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1));
            return (session, demoId!.Value);
        }
        catch (TimeoutException ex)
        {
            throw new AppNotHealthyException(ex.Message);
        }
    }

    private static int? DemoId(JsonElement portfolios) =>
        portfolios.EnumerateArray()
            .Where(p => p.GetProperty("workspace").GetString() == "Demo workspace" && p.GetProperty("name").GetString() == "Demo portfolio")
            .Select(p => (int?)p.GetProperty("id").GetInt32())
            .FirstOrDefault();

    private static string Tail(string log, int lines)
    {
        var all = log.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}

/// <summary>The app did not become healthy in time: the benchmark measured nothing (exit code 2).</summary>
public sealed class AppNotHealthyException(string message) : Exception(message);

/// <summary>Percentiles of a sample (nearest rank), in the sample's unit.</summary>
public static class Percentiles
{
    public static double Of(IReadOnlyList<double> sorted, double p)
    {
        Debug.Assert(sorted.Count > 0);
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
