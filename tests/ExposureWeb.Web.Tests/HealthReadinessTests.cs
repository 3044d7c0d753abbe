using System.Globalization;
using System.Net;
using System.Text.Json;
using ExposureWeb.DevChain.Anvil;

namespace ExposureWeb.Web.Tests;

/// <summary>
/// <c>/health/live</c> answers while the process serves; <c>/health/ready</c> is 503 until every chain's first head is
/// read (and the database and Hangfire answer), then 200: what a load balancer should route on.
/// </summary>
public sealed class HealthReadinessTests
{
    private static Dictionary<string, string?> Chain(string rpcUrl) => new()
    {
        ["Chains:0:name"] = "node",
        ["Chains:0:chainId"] = "31337",
        ["Chains:0:rpcUrls:0"] = rpcUrl,
        ["Chains:0:multicall3"] = "0xca11bde05977b3631167028862be2a173976ca11",
        ["Engine:RpcTimeoutMs"] = "500",
        ["Engine:PollIntervalMs"] = "100",
    };

    [Fact]
    public async Task Ready_ChainWithoutAHeadYet_503NamingItWhileLiveIs200()
    {
        var closedPort = FreePort.Pick();
        await using var factory = new ExposureWebFactory(Chain($"http://127.0.0.1:{closedPort.ToString(CultureInfo.InvariantCulture)}"));
        var client = factory.CreateClient();

        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");
        var body = await ready.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Contains("node: first head not read yet", json.RootElement.GetProperty("checks").GetProperty("ready").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_ChainHeadRead_200()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var anvil = await AnvilProcess.StartOnFreePortAsync(AnvilLocator.Find(null, AppContext.BaseDirectory), statePath: null, limit.Token);
        await using var factory = new ExposureWebFactory(Chain(anvil.RpcUrl.ToString()));
        var client = factory.CreateClient();

        var body = "";
        await Poll.UntilAsync(async () =>
        {
            using var response = await client.GetAsync("/health/ready");
            body = await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.OK;
        }, "/health/ready to answer 200 once the chain's first head is read");

        using var json = JsonDocument.Parse(body);
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("ready: 1 chain(s) read", json.RootElement.GetProperty("checks").GetProperty("ready").GetProperty("description").GetString());
    }
}
