using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ExposureWeb.Data;
using ExposureWeb.Data.Strategies;
using ExposureWeb.Risk.Strategies;
using ExposureWeb.Web.Tests.Governance;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.Strategies;

/// <summary>
/// The strategies REST API over the shared demo-chain app: Bob (the demo trader) owns his private "My wallet" portfolio,
/// which watches the demo trader's Aave account; Carol is a viewer of the demo portfolio and a stranger to Bob's.
/// </summary>
[Collection(GovernanceAppCollection.Name)]
public sealed class StrategiesApiTests(GovernanceApp app)
{
    private static readonly TimeSpan EngineDeadline = TimeSpan.FromSeconds(60);

    private static object Band(double low, double high, string underlying = "ETH", string name = "ETH delta band") => new
    {
        name,
        kind = "DeltaBand",
        enabled = true,
        definition = new { underlying, low, high, unit = "Units", hedge = new { venue = "UniswapSwap", pairToken = "USDC", feeTier = 500 } },
    };

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private string ListPath(int portfolioId) => $"/api/portfolios/{portfolioId}/strategies";

    private async Task<JsonElement> ListAsync(HttpClient client, int portfolioId)
    {
        var response = await client.GetAsync(ListPath(portfolioId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await BodyAsync(response);
    }

    private async Task<int> CreateAsync(object body)
    {
        var response = await app.Bob.Client.PostAsJsonAsync(ListPath(app.Bob.PortfolioId), body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await BodyAsync(response)).GetProperty("id").GetInt32();
    }

    /// <summary>Mines blocks until the engine has evaluated the strategy's current version; returns the resource.</summary>
    private async Task<JsonElement> EvaluatedAsync(int strategyId)
    {
        JsonElement resource = default;
        await Poll.UntilAsync(async () =>
        {
            await app.Chain.MineAsync();
            resource = await BodyAsync(await app.Bob.Client.GetAsync($"/api/strategies/{strategyId}"));
            return resource.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Object
                && status.GetProperty("version").GetInt32() == resource.GetProperty("version").GetInt32();
        }, $"strategy {strategyId} evaluated by the engine", EngineDeadline);
        return resource;
    }

    [Fact]
    public async Task CreateListUpdateDelete_Owner_201WithLocationThenListedChangedAndGone()
    {
        var created = await app.Bob.Client.PostAsJsonAsync(ListPath(app.Bob.PortfolioId), Band(-5, 5));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var body = await BodyAsync(created);
        var id = body.GetProperty("id").GetInt32();
        Assert.Equal($"/api/strategies/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("DeltaBand", body.GetProperty("kind").GetString());
        Assert.Equal(app.Bob.PortfolioId, body.GetProperty("portfolioId").GetInt32());
        Assert.Equal(-5, body.GetProperty("definition").GetProperty("low").GetDouble());
        var version = body.GetProperty("version").GetInt32();

        var list = await ListAsync(app.Bob.Client, app.Bob.PortfolioId);
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("id").GetInt32() == id && s.GetProperty("name").GetString() == "ETH delta band");

        var updated = await app.Bob.Client.PutAsJsonAsync($"/api/strategies/{id}", Band(-2, 8, name: "ETH band, wider up"));
        Assert.True(updated.StatusCode == HttpStatusCode.OK, await updated.Content.ReadAsStringAsync());
        var fetched = await BodyAsync(await app.Bob.Client.GetAsync($"/api/strategies/{id}"));
        Assert.Equal("ETH band, wider up", fetched.GetProperty("name").GetString());
        Assert.Equal(-2, fetched.GetProperty("definition").GetProperty("low").GetDouble());
        Assert.Equal(8, fetched.GetProperty("definition").GetProperty("high").GetDouble());
        Assert.True(fetched.GetProperty("version").GetInt32() > version);

        Assert.Equal(HttpStatusCode.NoContent, (await app.Bob.Client.DeleteAsync($"/api/strategies/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Bob.Client.GetAsync($"/api/strategies/{id}")).StatusCode);
        Assert.DoesNotContain((await ListAsync(app.Bob.Client, app.Bob.PortfolioId)).EnumerateArray(), s => s.GetProperty("id").GetInt32() == id);
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        // band low above high
        { """{"name":"Upside down","kind":"DeltaBand","definition":{"underlying":"ETH","low":5,"high":-5,"unit":"Units","hedge":{"venue":"UniswapSwap","pairToken":"USDC","feeTier":500}}}""", StrategyField.High, "must be above low" },
        // a health-factor floor at liquidation
        { """{"name":"Floor at one","kind":"HealthFactorFloor","definition":{"floor":1,"target":1.5}}""", StrategyField.Floor, "at or below 1" },
        { """{"name":"Floor below one","kind":"HealthFactorFloor","definition":{"floor":0.8,"target":1.5}}""", StrategyField.Floor, "at or below 1" },
        // an underlying the chain does not have
        { """{"name":"Doge band","kind":"DeltaBand","definition":{"underlying":"DOGE","low":-5,"high":5,"unit":"Units","hedge":{"venue":"UniswapSwap","pairToken":"USDC","feeTier":500}}}""", StrategyField.Underlying, "Unknown underlying" },
        // an unknown kind
        { """{"name":"Volcano","kind":"Volcano","definition":{"floor":2,"target":2}}""", StrategyField.Kind, "Kind is one of" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Create_BadInput_400ValidationProblemKeyedByFieldNothingSaved(string json, string field, string expected)
    {
        var before = (await ListAsync(app.Bob.Client, app.Bob.PortfolioId)).GetArrayLength();
        var response = await app.Bob.Client.PostAsync(ListPath(app.Bob.PortfolioId), new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await BodyAsync(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no \"{field}\" key in {errors}");
        Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.Contains(expected, StringComparison.Ordinal));
        Assert.Equal(before, (await ListAsync(app.Bob.Client, app.Bob.PortfolioId)).GetArrayLength());
    }

    [Fact]
    public async Task Update_BadInput_400AndStrategyUnchanged()
    {
        var id = await CreateAsync(Band(-5, 5, name: "Stays as it was"));
        try
        {
            var response = await app.Bob.Client.PutAsJsonAsync($"/api/strategies/{id}", Band(9, 1, name: "Upside down"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await BodyAsync(response)).GetProperty("errors").TryGetProperty(StrategyField.High, out _));
            var fetched = await BodyAsync(await app.Bob.Client.GetAsync($"/api/strategies/{id}"));
            Assert.Equal("Stays as it was", fetched.GetProperty("name").GetString());
            Assert.Equal(-5, fetched.GetProperty("definition").GetProperty("low").GetDouble());
        }
        finally
        {
            await app.Bob.Client.DeleteAsync($"/api/strategies/{id}");
        }
    }

    [Fact]
    public async Task Writes_ViewerOfTheDemo_403ButMayList()
    {
        // A strategy on the demo portfolio, which no signed-in user may edit, written as the seed would.
        var services = app.Factory.Services;
        var definition = new HealthFactorFloorDefinition(1.5, 1.6);
        int demoStrategyId;
        await using (var db = await services.GetRequiredService<IDbContextFactory<ExposureDbContext>>().CreateDbContextAsync())
        {
            var workspaceId = (await db.Portfolios.SingleAsync(p => p.Id == app.DemoPortfolioId)).WorkspaceId!.Value;
            var row = new Data.Entities.Strategy
            {
                WorkspaceId = workspaceId, PortfolioId = app.DemoPortfolioId, Name = "Demo floor", Kind = StrategyJson.KindOf(definition),
                DefinitionJson = StrategyJson.Serialize(definition), CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.Strategies.Add(row);
            await db.SaveChangesAsync();
            demoStrategyId = row.Id;
        }
        try
        {
            var list = await ListAsync(app.Carol.Client, app.DemoPortfolioId);
            Assert.Contains(list.EnumerateArray(), s => s.GetProperty("id").GetInt32() == demoStrategyId);
            Assert.Equal(HttpStatusCode.OK, (await app.Carol.Client.GetAsync($"/api/strategies/{demoStrategyId}")).StatusCode);

            var post = await app.Carol.Client.PostAsJsonAsync(ListPath(app.DemoPortfolioId), Band(-5, 5));
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
            var put = await app.Carol.Client.PutAsJsonAsync($"/api/strategies/{demoStrategyId}", Band(-5, 5));
            Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await app.Carol.Client.DeleteAsync($"/api/strategies/{demoStrategyId}")).StatusCode);

            var after = await ListAsync(app.Carol.Client, app.DemoPortfolioId);
            Assert.Equal(list.GetArrayLength(), after.GetArrayLength());
            var kept = after.EnumerateArray().Single(s => s.GetProperty("id").GetInt32() == demoStrategyId);
            Assert.Equal("Demo floor", kept.GetProperty("name").GetString());
            Assert.Equal("HealthFactorFloor", kept.GetProperty("kind").GetString());
        }
        finally
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<ExposureDbContext>>().CreateDbContextAsync();
            await db.Strategies.Where(s => s.Id == demoStrategyId).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task Everything_StrangerToPrivatePortfolio_404()
    {
        var id = await CreateAsync(Band(-5, 5, name: "Bob's secret band"));
        try
        {
            var carol = app.Carol.Client;
            Assert.Equal(HttpStatusCode.NotFound, (await carol.GetAsync(ListPath(app.Bob.PortfolioId))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await carol.PostAsJsonAsync(ListPath(app.Bob.PortfolioId), Band(-5, 5))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await carol.GetAsync($"/api/strategies/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await carol.GetAsync($"/api/strategies/{id}/proposal")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await carol.PutAsJsonAsync($"/api/strategies/{id}", Band(-1, 1))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await carol.DeleteAsync($"/api/strategies/{id}")).StatusCode);
            // Still Bob's, untouched.
            var fetched = await BodyAsync(await app.Bob.Client.GetAsync($"/api/strategies/{id}"));
            Assert.Equal("Bob's secret band", fetched.GetProperty("name").GetString());
        }
        finally
        {
            await app.Bob.Client.DeleteAsync($"/api/strategies/{id}");
        }
    }

    [Fact]
    public async Task Proposal_HealthFactorFloorAboveTradersHealthFactor_200WithOptionsAndUnsignedTransactions()
    {
        var id = await CreateAsync(new { name = "HF floor 2.2", kind = "HealthFactorFloor", enabled = true, definition = new { floor = 2.2, target = 2.2 } });
        try
        {
            var resource = await EvaluatedAsync(id);
            var status = resource.GetProperty("status");
            Assert.True(status.GetProperty("breached").GetBoolean(), status.ToString());
            Assert.True(resource.GetProperty("blockNumber").GetUInt64() > 0);

            HttpResponseMessage response = null!;
            await Poll.UntilAsync(async () =>
            {
                response = await app.Bob.Client.GetAsync($"/api/strategies/{id}/proposal");
                if (response.StatusCode == HttpStatusCode.OK) return true;
                await app.Chain.MineAsync();
                return false;
            }, "the proposal of the breached floor", EngineDeadline);
            var proposal = await BodyAsync(response);
            Assert.Equal(id, proposal.GetProperty("strategyId").GetInt32());
            Assert.Equal("HealthFactorFloor", proposal.GetProperty("kind").GetString());
            var options = proposal.GetProperty("options");
            Assert.NotEqual(0, options.GetArrayLength());
            var chosen = Assert.Single(options.EnumerateArray(), o => o.GetProperty("chosen").GetBoolean());
            Assert.True(chosen.GetProperty("healthFactorAfter").GetDouble() >= 2.2, chosen.ToString());
            var transactions = proposal.GetProperty("transactions");
            Assert.NotEqual(0, transactions.GetArrayLength());
            foreach (var tx in transactions.EnumerateArray())
            {
                Assert.Matches("^0x[0-9a-fA-F]{40}$", tx.GetProperty("to").GetString());
                Assert.Matches("^0x([0-9a-f]{2}){4,}$", tx.GetProperty("data").GetString());
                Assert.Equal(DemoChain.Trader.ToString().ToLowerInvariant(), tx.GetProperty("from").GetString()!.ToLowerInvariant());
            }
        }
        finally
        {
            await app.Bob.Client.DeleteAsync($"/api/strategies/{id}");
        }
    }

    [Fact]
    public async Task Proposal_NotBreached_204()
    {
        var id = await CreateAsync(Band(-1_000_000, 1_000_000, name: "Wide ETH band"));
        try
        {
            var resource = await EvaluatedAsync(id);
            Assert.False(resource.GetProperty("status").GetProperty("breached").GetBoolean(), resource.ToString());
            Assert.Equal(HttpStatusCode.NoContent, (await app.Bob.Client.GetAsync($"/api/strategies/{id}/proposal")).StatusCode);
        }
        finally
        {
            await app.Bob.Client.DeleteAsync($"/api/strategies/{id}");
        }
    }

    [Fact]
    public async Task Proposal_UnknownStrategy_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await app.Bob.Client.GetAsync("/api/strategies/987654/proposal")).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/portfolios/1/strategies")]
    [InlineData("POST", "/api/portfolios/1/strategies")]
    [InlineData("GET", "/api/strategies/1")]
    [InlineData("PUT", "/api/strategies/1")]
    [InlineData("DELETE", "/api/strategies/1")]
    [InlineData("GET", "/api/strategies/1/proposal")]
    public async Task Endpoints_Anonymous_401(string method, string path)
    {
        using var anonymous = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT") request.Content = JsonContent.Create(Band(-5, 5));
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task OpenApi_StrategyPaths_Listed()
    {
        using var document = JsonDocument.Parse(await app.Factory.CreateClient().GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/portfolios/{id}/strategies").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/portfolios/{id}/strategies").TryGetProperty("get", out _));
        var one = paths.GetProperty("/api/strategies/{strategyId}");
        Assert.True(one.TryGetProperty("get", out _) && one.TryGetProperty("put", out _) && one.TryGetProperty("delete", out _));
        Assert.True(paths.GetProperty("/api/strategies/{strategyId}/proposal").TryGetProperty("get", out _));
    }
}
