using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.Auth;

/// <summary>One user's portfolio is invisible to another by page URL and API (the hub has its own tests), and to anonymous callers.</summary>
[Collection(AuthAppCollection.Name)]
public sealed class WorkspaceIsolationTests(AuthApp app)
{
    internal static ExposureSnapshot Snapshot(int portfolioId) => new(
        portfolioId, "local", 123, "0x" + new string('b', 64), DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), DateTimeOffset.FromUnixTimeSeconds(1_700_000_001),
        [new AssetExposureRow("ETH", "spot", 10, 3_000, 30_000, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), 3600, DateTimeOffset.FromUnixTimeSeconds(1_700_003_660), null)],
        []);

    /// <summary>What the engine does with a snapshot: the hub's publisher sends it (the first one of a portfolio at once) and holds it for REST.</summary>
    private Task PublishAsync(ExposureSnapshot snapshot) =>
        app.Factory.Services.GetRequiredService<IExposurePublisher>().PublishSnapshotAsync(snapshot, CancellationToken.None);

    [Fact]
    public async Task OtherUsersPortfolio_PageApiAndCsv_NotFoundAndNothingLeaked()
    {
        var alice = await app.SignInAsync(TestWallet.Alice);
        var bob = await app.SignInAsync(TestWallet.Bob);
        var secretName = "Alice treasury " + Guid.NewGuid().ToString("N")[..6];
        var aliceId = await app.CreatePortfolioAsync(alice, secretName);
        await PublishAsync(Snapshot(aliceId));

        var page = await bob.Client.GetStringAsync($"/portfolios/{aliceId}");
        var manualPage = await bob.Client.GetStringAsync($"/portfolios/{aliceId}/manual");
        using var api = await bob.Client.GetAsync($"/api/portfolios/{aliceId}");
        using var exposure = await bob.Client.GetAsync($"/api/portfolios/{aliceId}/exposure");
        using var csv = await bob.Client.GetAsync($"/api/portfolios/{aliceId}/exposure?format=csv");
        var bobsList = await bob.Client.GetStringAsync("/api/portfolios");

        Assert.Contains("data-testid=\"portfolio-not-found\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"portfolio-not-found\"", manualPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, exposure.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, csv.StatusCode);
        foreach (var text in new[] { page, manualPage, bobsList, await exposure.Content.ReadAsStringAsync() })
        {
            Assert.DoesNotContain(secretName, text, StringComparison.Ordinal);
            Assert.DoesNotContain(TestWallet.Alice.Address.ToString(), text, StringComparison.OrdinalIgnoreCase);
        }
        // Alice herself reads it, as JSON and CSV.
        Assert.Equal(HttpStatusCode.OK, (await alice.Client.GetAsync($"/api/portfolios/{aliceId}/exposure")).StatusCode);
        Assert.Contains(secretName, await alice.Client.GetStringAsync("/api/portfolios"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherUsersPortfolio_ChangesThroughStore_RefusedAsMissing()
    {
        var alice = await app.SignInAsync(TestWallet.Alice);
        var bob = await app.SignInAsync(TestWallet.Bob);
        var portfolios = app.Factory.Services.GetRequiredService<UserPortfolios>();

        var add = await portfolios.AddAddressAsync(bob.UserId, alice.PortfolioId, TestWallet.Bob.Address.ToString(), "sneaky");
        var rename = await portfolios.RenameAsync(bob.UserId, alice.PortfolioId, "mine now");
        var delete = await portfolios.DeleteAsync(bob.UserId, alice.PortfolioId);
        var create = await portfolios.CreateAsync(bob.UserId, alice.WorkspaceId, "in Alice's workspace", "local");

        Assert.All(new[] { add, rename, delete, create.Result }, r => Assert.True(r.NotFound));
        Assert.NotNull(await portfolios.FindAsync(alice.UserId, alice.PortfolioId));
    }

    [Fact]
    public async Task ExposureApi_Owner_JsonAndCsvCarryUnitsAndBlock()
    {
        var alice = await app.SignInAsync(TestWallet.Alice);
        var id = await app.CreatePortfolioAsync(alice, "API " + Guid.NewGuid().ToString("N")[..6]);
        await PublishAsync(Snapshot(id));

        var json = await alice.Client.GetStringAsync($"/api/portfolios/{id}/exposure");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/portfolios/{id}/exposure");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var csvResponse = await alice.Client.SendAsync(request);
        var lines = (await csvResponse.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains("\"blockNumber\":123", json, StringComparison.Ordinal);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("underlying,net_delta_units,price_usd,usd_delta_usd,", lines[0], StringComparison.Ordinal);
        var cells = lines[1].Split(',');
        Assert.Equal("ETH", cells[0]);
        Assert.Equal(30_000, double.Parse(cells[3], CultureInfo.InvariantCulture));
        Assert.Contains("123", cells, StringComparer.Ordinal);
    }

    [Fact]
    public async Task ExposureApi_BeforeFirstBlock_503WithRetryAfter()
    {
        var alice = await app.SignInAsync(TestWallet.Alice);
        var id = await app.CreatePortfolioAsync(alice, "Fresh " + Guid.NewGuid().ToString("N")[..6]);

        using var response = await alice.Client.GetAsync($"/api/portfolios/{id}/exposure");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task Api_BearerToken_ActsAsItsUserUntilRevoked()
    {
        var alice = await app.SignInAsync(TestWallet.Alice);
        var tokens = app.Factory.Services.GetRequiredService<ApiTokenStore>();
        var (_, token, secret) = await tokens.CreateAsync(alice.UserId, "notebook", TimeSpan.FromDays(7));
        using var bot = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        bot.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);

        var before = await bot.GetAsync($"/api/portfolios/{alice.PortfolioId}");
        await tokens.RevokeAsync(alice.UserId, token!.Id);
        var after = await bot.GetAsync($"/api/portfolios/{alice.PortfolioId}");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Theory]
    [InlineData("/api/portfolios")]
    [InlineData("/api/portfolios/1/exposure")]
    public async Task Api_Anonymous_401NotRedirect(string path)
    {
        using var anonymous = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/portfolios/1")]
    [InlineData("/portfolios/1/manual")]
    [InlineData("/account/tokens")]
    public async Task Page_Anonymous_RedirectedToSignInWithReturnUrl(string path)
    {
        using var anonymous = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin", response.Headers.Location!.AbsolutePath);
        Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(path), response.Headers.Location.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_Anonymous_200WithWalletStep()
    {
        using var anonymous = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var html = await anonymous.GetStringAsync("/signin");

        Assert.Contains("Sign in with your wallet", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_Anonymous_DescribesPortfolioEndpoints()
    {
        using var anonymous = app.Factory.CreateClient();

        var document = await anonymous.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/portfolios/{id}/exposure", document, StringComparison.Ordinal);
        Assert.Contains("ExposureWeb API", document, StringComparison.Ordinal);
    }
}
