using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ExposureWeb.Engine.Tests;

/// <summary>
/// The <c>chain</c> health check as the engine registers it (through <see cref="HealthCheckService"/>), on a clock the
/// test moves. The host is built, not started: no monitor runs, the test sets what the engine would have seen.
/// </summary>
public sealed class ChainHeadHealthCheckTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly FakeTimeProvider _time;
    private readonly IHost _host;

    public ChainHeadHealthCheckTests() => _host = BuildWith(new Dictionary<string, string?>(), out _time);

    private LatestState Latest => _host.Services.GetRequiredService<LatestState>();

    public void Dispose() => _host.Dispose();

    private async Task<HealthReportEntry> CheckAsync(IHost? host = null)
    {
        var report = await (host ?? _host).Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "chain");
        return report.Entries["chain"];
    }

    private static ChainStatus Reachable(string chain, DateTimeOffset? headAt, ulong? head = 100) => new(chain, true, head, headAt, null, null);

    [Fact]
    public async Task CheckHealth_NoChainReported_Degraded()
    {
        var entry = await CheckAsync();

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal("no chain connected yet", entry.Description);
    }

    [Fact]
    public async Task CheckHealth_HeadJustReceived_HealthyWithHeadAndAge()
    {
        Latest.Set(Reachable("local", _time.GetUtcNow(), head: 42));
        _time.Advance(TimeSpan.FromSeconds(3));

        var entry = await CheckAsync();

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal("chain heads are fresh", entry.Description);
        var data = entry.Data["local"];
        Assert.Equal(42UL, data.GetType().GetProperty("HeadBlock")!.GetValue(data));
        Assert.Equal(3.0, data.GetType().GetProperty("headAgeSeconds")!.GetValue(data));
    }

    [Fact]
    public async Task CheckHealth_HeadExactlyMaxAgeOld_StillHealthy()
    {
        Latest.Set(Reachable("local", _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromSeconds(new EngineOptions().HeadMaxAgeSeconds));

        var entry = await CheckAsync();

        Assert.Equal(HealthStatus.Healthy, entry.Status);
    }

    [Fact]
    public async Task CheckHealth_HeadOlderThanHeadMaxAgeSeconds_UnhealthyNamingChainAndAge()
    {
        Latest.Set(Reachable("local", _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromSeconds(121));

        var entry = await CheckAsync();

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal("local: last head 121 s ago", entry.Description);
    }

    [Fact]
    public async Task CheckHealth_HeadMaxAgeSecondsConfigured_ConfiguredLimitApplies()
    {
        using var host = BuildWith(new Dictionary<string, string?> { ["Engine:HeadMaxAgeSeconds"] = "10" }, out var time);
        host.Services.GetRequiredService<LatestState>().Set(Reachable("local", time.GetUtcNow()));

        time.Advance(TimeSpan.FromSeconds(10));
        var atLimit = await CheckAsync(host);
        time.Advance(TimeSpan.FromSeconds(1));
        var past = await CheckAsync(host);

        Assert.Equal(HealthStatus.Healthy, atLimit.Status);
        Assert.Equal(HealthStatus.Unhealthy, past.Status);
    }

    [Fact]
    public async Task CheckHealth_ReachableButNoHeadYet_Unhealthy()
    {
        Latest.Set(Reachable("local", headAt: null, head: null));

        var entry = await CheckAsync();

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal("local: no head received yet", entry.Description);
    }

    [Fact]
    public async Task CheckHealth_ChainUnreachable_UnhealthyNamingTheError()
    {
        // The head is fresh, but the node has stopped answering since.
        Latest.Set(new ChainStatus("local", false, 100, _time.GetUtcNow(), _time.GetUtcNow(), "connection refused"));

        var entry = await CheckAsync();

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal("local: unreachable (connection refused)", entry.Description);
    }

    [Fact]
    public async Task CheckHealth_OneOfTwoChainsStale_UnhealthyNamingOnlyThatChain()
    {
        Latest.Set(Reachable("old", _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromMinutes(5));
        Latest.Set(Reachable("fresh", _time.GetUtcNow()));

        var entry = await CheckAsync();

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal("old: last head 300 s ago", entry.Description);
        Assert.Equal(["fresh", "old"], entry.Data.Keys.Order(StringComparer.Ordinal));
    }

    private static IHost BuildWith(IReadOnlyDictionary<string, string?> settings, out FakeTimeProvider time)
    {
        time = new FakeTimeProvider(Start);
        var builder = TestHost.CreateBuilder(settings);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IExposurePublisher, RecordingPublisher>();
        builder.AddExposureEngine();
        return builder.Build();
    }
}
