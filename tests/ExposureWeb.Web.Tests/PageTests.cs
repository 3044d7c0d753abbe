using System.Net;
using ExposureWeb.Data;
using ExposureWeb.Web.Tests.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests;

/// <summary>Prerendered pages, as a browser's first request gets them.</summary>
[Collection(AuthAppCollection.Name)]
public sealed class PageTests(AuthApp app)
{
    private async Task<(HttpStatusCode Status, string Html, string? MediaType)> GetAsync(string path)
    {
        var session = await app.SignInAsync(TestWallet.Alice);
        using var response = await session.Client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Home_Get_200HtmlWithPortfoliosHeading()
    {
        var (status, html, mediaType) = await GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/html", mediaType);
        Assert.Contains("<title>Portfolios · ExposureWeb</title>", html, StringComparison.Ordinal);
        Assert.Contains(">Portfolios</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Portfolio_UnknownId_200WithNotFoundAlertNot500()
    {
        var (status, html, _) = await GetAsync("/portfolios/999");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-testid=\"portfolio-not-found\"", html, StringComparison.Ordinal);
        Assert.Contains("Portfolio 999 was not found, or it is not shared with you.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Portfolio_ExistingWithoutChainData_200WithNameAddressesWaitingForFirstBlockAndTheChainsStatus()
    {
        // The demo portfolio lives in the demo workspace, which every signed-in user may view.
        var store = app.Factory.Services.GetRequiredService<PortfolioStore>();
        var demo = await store.EnsureDemoAsync("local", [("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "Demo trader")]);
        // The chain's node is a closed port: once the engine has said so, the very first HTML says so too.
        var latest = app.Factory.Services.GetRequiredService<ExposureWeb.Engine.Publishing.LatestState>();
        await Poll.UntilAsync(() => latest.Chain("local") is { Reachable: false }, "the engine to report the chain unreachable");

        var (status, html, _) = await GetAsync($"/portfolios/{demo.Id}");
        var (_, home, _) = await GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Demo portfolio", html, StringComparison.Ordinal);
        // Blazor encodes non-ASCII characters (…) in prerendered HTML.
        Assert.Contains("Demo trader · 0x7099…79C8", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("data-testid=\"waiting-for-block\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"chain-unreachable\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1:", html, StringComparison.Ordinal); // the node's address is the operator's business
        Assert.Contains("Demo workspace · viewer", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains($"href=\"/portfolios/{demo.Id}\"", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiTokens_SignedIn_ListsTheUsersTokensByPrefixNeverTheSecret()
    {
        var session = await app.SignInAsync(TestWallet.Alice);
        var (_, token, secret) = await app.Factory.Services.GetRequiredService<ExposureWeb.Data.Accounts.ApiTokenStore>()
            .CreateAsync(session.UserId, "page test bot", TimeSpan.FromDays(3));

        var html = await session.Client.GetStringAsync("/account/tokens");

        Assert.Contains(">API tokens</h1>", html, StringComparison.Ordinal);
        Assert.Contains("page test bot", html, StringComparison.Ordinal);
        Assert.Contains(token!.Prefix, html, StringComparison.Ordinal);
        Assert.DoesNotContain(secret!, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/portfolios/abc")]
    [InlineData("/no-such-page")]
    public async Task UnknownRoute_Get_404Not500(string path)
    {
        var (status, _, _) = await GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, status);
    }
}
