using System.Net;
using ExposureWeb.Data.Governance;
using ExposureWeb.Web.Tests.Auth;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.Governance;

/// <summary>The governance pages as a browser's first (prerendered) request gets them.</summary>
[Collection(AuthAppCollection.Name)]
public sealed class GovernancePagesTests(AuthApp app)
{
    private async Task<int> StoreAsync(Engine.Governance.ImpactReport report, int? createdBy)
    {
        var (entity, rows) = GovernanceTestData.Stored(report, createdBy);
        return await app.Factory.Services.GetRequiredService<GovernanceStore>().AddReportAsync(entity, rows, CancellationToken.None);
    }

    [Theory]
    [InlineData("/governance")]
    [InlineData("/governance/reports/1")]
    public async Task Page_Anonymous_RedirectedToSignIn(string path)
    {
        using var anonymous = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin", response.Headers.Location!.AbsolutePath);
        Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(path), response.Headers.Location.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Governance_SignedInChainWithoutAaveOrGovernor_SaysSoNot500()
    {
        var session = await app.SignInAsync(TestWallet.Alice);

        using var response = await session.Client.GetAsync("/governance");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(">Governance</h1>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"no-governed-chain\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/governance\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_OwnWhatIfWithHtmlInTitle_RenderedAsTextWithTablesAndExportLinks()
    {
        var session = await app.SignInAsync(TestWallet.Alice);
        var report = GovernanceTestData.Report("<script>alert('x')</script> <img src=x onerror=alert(1)> WETH threshold 78%",
            [GovernanceTestData.Portfolio(session.PortfolioId, "Alice's book", 1.8875, 1.7738)]);
        var id = await StoreAsync(report, session.UserId);

        var html = await session.Client.GetStringAsync($"/governance/reports/{id}");

        Assert.DoesNotContain("<script>alert", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"report-markdown\"", html, StringComparison.Ordinal);
        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.Contains("1.8875", html, StringComparison.Ordinal);
        Assert.Contains("data-hf-after=\"1.7738\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/governance/reports/{id}?format=md\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/governance/reports/{id}?format=csv\"", html, StringComparison.Ordinal);
        Assert.Contains("8,300 bps (83%) → 7,800 bps (78%)", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_AnotherUsersWhatIf_NotFoundLikeAMissingOne()
    {
        var bob = await app.SignInAsync(TestWallet.Bob);
        var alice = await app.SignInAsync(TestWallet.Alice);
        var id = await StoreAsync(GovernanceTestData.Report("Bob's secret what-if", [GovernanceTestData.Portfolio(bob.PortfolioId, "Bob's book", 2, 1.5)]), bob.UserId);

        var html = await alice.Client.GetStringAsync($"/governance/reports/{id}");
        var missing = await alice.Client.GetStringAsync("/governance/reports/987654");

        Assert.Contains("data-testid=\"report-not-found\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Bob&#x27;s secret", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Bob's secret", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"report-not-found\"", missing, StringComparison.Ordinal);
    }
}
