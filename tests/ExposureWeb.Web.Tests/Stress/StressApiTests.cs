using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Data;
using ExposureWeb.DevChain.Deployment;
using ExposureWeb.Engine.Reading;
using ExposureWeb.Web.Tests.Auth;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.Stress;

/// <summary>The app over a real anvil with the demo deployed and two users signed in: Bob (owner of "My wallet") and Carol.</summary>
public sealed class StressApp : IAsyncLifetime
{
    private DemoChain? _chain;
    private ExposureWebFactory? _factory;

    public DemoChain Chain => _chain ?? throw new InvalidOperationException("not started");
    public ExposureWebFactory Factory => _factory ?? throw new InvalidOperationException("not started");
    public int DemoPortfolioId { get; private set; }
    public AuthApp.Session Bob { get; private set; } = null!;
    public AuthApp.Session Carol { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _chain = await DemoChain.StartAsync();
        _factory = new ExposureWebFactory(new Dictionary<string, string?>
        {
            ["Governance:Enabled"] = "false",
            ["Engine:RpcTimeoutMs"] = "2000",
            ["Engine:PollIntervalMs"] = "500",
            ["Engine:Volatility:ETH"] = "0.65",
            ["Engine:Volatility:BTC"] = "0.5",
            ["Engine:Volatility:LINK"] = "0.8",
            ["Engine:Volatility:USDC"] = "0.01",
            ["Stress:ProgressIntervalMs"] = "100",
        }) { ShowDemoWorkspace = true };
        _ = _factory.Server;
        var services = _factory.Services;
        DemoPortfolioId = (await services.GetRequiredService<PortfolioStore>()
            .EnsureDemoAsync("local", DemoMarket.Wallets.Select(w => (w.Address, w.Label)).ToList())).Id;
        services.GetRequiredService<ChainRegistry>().Register(_chain.CloneProfile());
        Bob = await SignInAsync(TestWallet.Bob);
        Carol = await SignInAsync(TestWallet.Carol);
        services.GetRequiredService<PortfolioDirectory>().Invalidate();
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        if (_chain is not null) await _chain.DisposeAsync();
    }

    private Task<AuthApp.Session> SignInAsync(TestWallet wallet) => AuthApp.SignInAsync(Factory, wallet);
}

public sealed class StressApiTests(StressApp app) : IClassFixture<StressApp>
{
    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private async Task<long> StartAsync(HttpClient client, int portfolioId, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/portfolios/{portfolioId}/stress-runs", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await BodyAsync(response)).GetProperty("runId").GetInt64();
    }

    private static async Task<JsonElement> WaitForStateAsync(HttpClient client, long runId, params string[] states)
    {
        JsonElement run = default;
        await Poll.UntilAsync(async () =>
        {
            run = await BodyAsync(await client.GetAsync($"/api/stress-runs/{runId}"));
            return states.Contains(run.GetProperty("state").GetString());
        }, $"run {runId} to be {string.Join(" or ", states)}", TimeSpan.FromSeconds(60));
        return run;
    }

    [Fact]
    public async Task StartThenGet_MonteCarlo_202ThenSucceededWithBlockAndResult()
    {
        var runId = await StartAsync(app.Bob.Client, app.Bob.PortfolioId, new { kind = "MonteCarlo", parameters = new { paths = 2000 } });
        var run = await WaitForStateAsync(app.Bob.Client, runId, "Succeeded", "Failed");
        Assert.True(run.GetProperty("state").GetString() == "Succeeded", run.ToString());
        Assert.Equal(1.0, run.GetProperty("progress").GetDouble());
        Assert.True(run.GetProperty("blockNumber").GetInt64() > 0);
        var mc = run.GetProperty("result").GetProperty("monteCarlo");
        Assert.Equal(2000, mc.GetProperty("paths").GetInt32());
        Assert.Equal(0.99, mc.GetProperty("confidence").GetDouble());
        Assert.True(mc.GetProperty("varStandardErrorUsd").GetDouble() >= 0);
        Assert.NotEqual(0, mc.GetProperty("histogram").GetArrayLength());

        var list = await BodyAsync(await app.Bob.Client.GetAsync($"/api/portfolios/{app.Bob.PortfolioId}/stress-runs"));
        Assert.Contains(list.EnumerateArray(), r => r.GetProperty("id").GetInt64() == runId);
    }

    [Fact]
    public async Task Start_Grid_ThirtyFiveCells()
    {
        var runId = await StartAsync(app.Bob.Client, app.Bob.PortfolioId, new { kind = "grid" });
        var run = await WaitForStateAsync(app.Bob.Client, runId, "Succeeded", "Failed");
        Assert.Equal(35, run.GetProperty("result").GetProperty("grid").GetArrayLength());
    }

    [Fact]
    public async Task Start_ViewerOfTheDemo_403ButMayList()
    {
        var response = await app.Carol.Client.PostAsJsonAsync($"/api/portfolios/{app.DemoPortfolioId}/stress-runs", new { kind = "Grid" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("viewer", (await BodyAsync(response)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await app.Carol.Client.GetAsync($"/api/portfolios/{app.DemoPortfolioId}/stress-runs")).StatusCode);
    }

    [Fact]
    public async Task OtherUsersRun_404ForGetCancelAndPortfolio()
    {
        var runId = await StartAsync(app.Bob.Client, app.Bob.PortfolioId, new { kind = "Grid" });
        Assert.Equal(HttpStatusCode.NotFound, (await app.Carol.Client.GetAsync($"/api/stress-runs/{runId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Carol.Client.PostAsync($"/api/stress-runs/{runId}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Carol.Client.PostAsJsonAsync($"/api/portfolios/{app.Bob.PortfolioId}/stress-runs", new { kind = "Grid" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Carol.Client.GetAsync($"/api/portfolios/{app.Bob.PortfolioId}/stress-schedules")).StatusCode);
    }

    [Theory]
    [InlineData("Volcano", null, "kind", "unknown kind")]
    [InlineData("MonteCarlo", 5, "paths", "between 100")]
    public async Task Start_BadInput_400NothingSaved(string kind, int? paths, string field, string expected)
    {
        var before = (await BodyAsync(await app.Bob.Client.GetAsync($"/api/portfolios/{app.Bob.PortfolioId}/stress-runs"))).GetArrayLength();
        var response = await app.Bob.Client.PostAsJsonAsync($"/api/portfolios/{app.Bob.PortfolioId}/stress-runs", new { kind, parameters = new { paths } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await BodyAsync(response)).GetProperty("errors").GetProperty(field);
        Assert.Contains(expected, errors[0].GetString());
        Assert.Equal(before, (await BodyAsync(await app.Bob.Client.GetAsync($"/api/portfolios/{app.Bob.PortfolioId}/stress-runs"))).GetArrayLength());
    }

    [Fact]
    public async Task Start_CascadeBadFeeTier_400NothingSaved()
    {
        var before = (await BodyAsync(await app.Bob.Client.GetAsync($"/api/portfolios/{app.Bob.PortfolioId}/stress-runs"))).GetArrayLength();
        var response = await app.Bob.Client.PostAsJsonAsync($"/api/portfolios/{app.Bob.PortfolioId}/stress-runs", new { kind = "Cascade", parameters = new { feeTier = 250, maxRounds = 0 } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await BodyAsync(response)).GetProperty("errors");
        Assert.Contains("fee tier", errors.GetProperty("feeTier")[0].GetString());
        Assert.Contains("between 1 and 200", errors.GetProperty("maxRounds")[0].GetString());
        Assert.Equal(before, (await BodyAsync(await app.Bob.Client.GetAsync($"/api/portfolios/{app.Bob.PortfolioId}/stress-runs"))).GetArrayLength());
    }

    [Fact]
    public async Task StartThenGet_Cascade_SucceededWithItsPath()
    {
        var runId = await StartAsync(app.Bob.Client, app.Bob.PortfolioId, new { kind = "Cascade", parameters = new { driver = "ETH", driverMove = -0.3, extraSoldPerRound = 2000 } });
        var run = await WaitForStateAsync(app.Bob.Client, runId, "Succeeded", "Failed");
        Assert.True(run.GetProperty("state").GetString() == "Succeeded", run.ToString());
        var cascade = run.GetProperty("result").GetProperty("cascade");
        Assert.Equal("WETH/USDC 0.05%", cascade.GetProperty("poolLabel").GetString());
        var path = cascade.GetProperty("path").EnumerateArray().ToList();
        Assert.True(path.Count >= 2, cascade.ToString());
        Assert.Equal(2000, path[1].GetProperty("extraSoldDriver").GetDouble());
        Assert.True(path[1].GetProperty("priceUsd").GetDouble() < path[0].GetProperty("priceUsd").GetDouble());
    }

    [Fact]
    public async Task Cancel_RunningMonteCarlo_EndsCancelled()
    {
        var runId = await StartAsync(app.Bob.Client, app.Bob.PortfolioId, new { kind = "MonteCarlo", parameters = new { paths = 1_000_000 } });
        await WaitForStateAsync(app.Bob.Client, runId, "Running");
        var response = await app.Bob.Client.PostAsync($"/api/stress-runs/{runId}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = await WaitForStateAsync(app.Bob.Client, runId, "Cancelled", "Succeeded");
        Assert.Equal("Cancelled", run.GetProperty("state").GetString());
        Assert.False(run.TryGetProperty("result", out _));
    }

    [Fact]
    public async Task Schedules_NeverFiringCronRefused_ValidOneRegisteredAsRecurringJob_DeletedRemoved()
    {
        var path = $"/api/portfolios/{app.Bob.PortfolioId}/stress-schedules";
        var refused = await app.Bob.Client.PostAsJsonAsync(path, new { name = "30 February", kind = "Grid", cron = "0 0 30 2 *", timeZone = "UTC" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("never fires", (await BodyAsync(refused)).GetProperty("errors").GetProperty("cron")[0].GetString());
        var zone = await app.Bob.Client.PostAsJsonAsync(path, new { name = "Mars", kind = "Grid", cron = "0 6 * * *", timeZone = "Mars/Olympus" });
        Assert.Contains("unknown time zone", (await BodyAsync(zone)).GetProperty("errors").GetProperty("timeZone")[0].GetString());
        Assert.Equal(0, (await BodyAsync(await app.Bob.Client.GetAsync(path))).GetArrayLength());

        var created = await app.Bob.Client.PostAsJsonAsync(path, new { name = "Morning grid", kind = "Grid", cron = "0 6 * * 1-5", timeZone = "Europe/Paris" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var schedule = await BodyAsync(created);
        var id = schedule.GetProperty("id").GetInt32();
        Assert.Equal($"stress-schedule-{id}", schedule.GetProperty("recurringJobId").GetString());
        RecurringJobDto Job() => app.Factory.Services.GetRequiredService<JobStorage>().GetConnection().GetRecurringJobs().Single(j => j.Id == $"stress-schedule-{id}");
        Assert.Equal("0 6 * * 1-5", Job().Cron);
        Assert.Equal("Europe/Paris", Job().TimeZoneId);

        var bad = await app.Bob.Client.PutAsJsonAsync($"{path}/{id}", new { name = "Morning grid", kind = "Grid", cron = "0 0 31 4 *", timeZone = "UTC" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("0 6 * * 1-5", Job().Cron);

        var updated = await app.Bob.Client.PutAsJsonAsync($"{path}/{id}", new { name = "Evening grid", kind = "Grid", cron = "0 18 * * *", timeZone = "UTC" });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("0 18 * * *", Job().Cron);

        Assert.Equal(HttpStatusCode.NoContent, (await app.Bob.Client.DeleteAsync($"{path}/{id}")).StatusCode);
        Assert.DoesNotContain(app.Factory.Services.GetRequiredService<JobStorage>().GetConnection().GetRecurringJobs(), j => j.Id == $"stress-schedule-{id}");
    }

    [Fact]
    public async Task OpenApi_StressEndpointsDocumented()
    {
        var document = await app.Factory.CreateClient().GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/portfolios/{id}/stress-runs", document);
        Assert.Contains("/api/stress-runs/{runId}", document);
        Assert.Contains("/api/portfolios/{id}/stress-schedules", document);
    }

    [Fact]
    public async Task StressEndpoints_Anonymous_401()
    {
        using var anonymous = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/stress-runs/1")).StatusCode);
    }
}
