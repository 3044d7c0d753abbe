using System.Globalization;
using System.Net;
using System.Text.Json;
using ExposureWeb.Data;
using ExposureWeb.DevChain.Anvil;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests;

[Collection(SharedAppCollection.Name)]
public sealed class HealthEndpointTests(SharedApp app)
{
    [Fact]
    public async Task Health_NoChainConfigured_200WithHealthyDatabaseCountingPortfoliosAndDegradedChain()
    {
        var client = app.Factory.CreateClient();
        var portfolios = (await app.Factory.Services.GetRequiredService<PortfolioStore>().ListAsync()).Count;

        using var response = await client.GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        var checks = json.RootElement.GetProperty("checks");
        var database = checks.GetProperty("database");
        Assert.Equal("Healthy", database.GetProperty("status").GetString());
        Assert.Equal($"{portfolios.ToString(CultureInfo.InvariantCulture)} portfolio(s)", database.GetProperty("description").GetString());
        // No chain has reported yet: degraded, which is not a reason for a 503.
        var chain = checks.GetProperty("chain");
        Assert.Equal("Degraded", chain.GetProperty("status").GetString());
        Assert.Equal("no chain connected yet", chain.GetProperty("description").GetString());
        Assert.Equal("Degraded", json.RootElement.GetProperty("status").GetString());
    }
}

public sealed class HealthEndpointUnreachableChainTests
{
    [Fact]
    public async Task Health_ChainRpcOnClosedPort_Turns503WithUnhealthyChainAndHealthyDatabase()
    {
        // Nothing listens on a port the OS just handed out and took back: every RPC call is refused.
        var closedPort = FreePort.Pick();
        await using var factory = new ExposureWebFactory(new Dictionary<string, string?>
        {
            ["Chains:0:name"] = "offline",
            ["Chains:0:chainId"] = "31337",
            ["Chains:0:rpcUrls:0"] = $"http://127.0.0.1:{closedPort.ToString(CultureInfo.InvariantCulture)}",
            ["Chains:0:multicall3"] = "0xca11bde05977b3631167028862be2a173976ca11",
            ["Engine:RpcTimeoutMs"] = "500",
            ["Engine:PollIntervalMs"] = "100",
        });
        var client = factory.CreateClient();

        HttpStatusCode status = 0;
        var body = "";
        await Poll.UntilAsync(async () =>
        {
            using var response = await client.GetAsync("/health");
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync();
            return status == HttpStatusCode.ServiceUnavailable;
        }, "/health to answer 503 for the unreachable chain");

        using var json = JsonDocument.Parse(body);
        Assert.Equal("Unhealthy", json.RootElement.GetProperty("status").GetString());
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        var chain = checks.GetProperty("chain");
        Assert.Equal("Unhealthy", chain.GetProperty("status").GetString());
        Assert.Contains("offline: unreachable", chain.GetProperty("description").GetString(), StringComparison.Ordinal);
        var offline = chain.GetProperty("data").GetProperty("offline");
        Assert.False(offline.GetProperty("reachable").GetBoolean());
        Assert.Equal(JsonValueKind.Null, offline.GetProperty("headBlock").ValueKind);
    }
}
