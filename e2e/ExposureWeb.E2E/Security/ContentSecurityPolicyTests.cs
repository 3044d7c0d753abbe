using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using ExposureWeb.DevChain.Deployment;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ExposureWeb.E2E.Security;

/// <summary>
/// Every page of the app (its @page routes, with real ids) loaded in Chromium under the app's Content-Security-Policy:
/// the policy must be on each page, and no part of the app (Blazor, MudBlazor, Plotly, the wallet module) may trip it.
/// </summary>
public sealed class ContentSecurityPolicyTests(LiveAppFixture fixture, ITestOutputHelper output) : IClassFixture<LiveAppFixture>
{
    // Reports the browser raises for anything the policy blocked, from every page of the context (the binding outlives navigations).
    private const string ViolationListener = """
        document.addEventListener('securitypolicyviolation', e => window.__cspViolation(JSON.stringify({
          page: location.pathname, directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber, sample: e.sample })));
        """;

    /// <summary>A governance scan forks the chain and re-reads every portfolio before its report exists: generous on a loaded machine.</summary>
    private const float ReportDeadlineMs = 180_000;

    private readonly ConcurrentQueue<string> _violations = new();

    private async Task<IPage> WatchedPageAsync(IBrowserContext context)
    {
        await context.ExposeFunctionAsync<string, bool>("__cspViolation", json => { _violations.Enqueue(json); return true; });
        await context.AddInitScriptAsync(ViolationListener);
        var page = await context.NewPageAsync();
        page.Console += (_, m) =>
        {
            if (m.Text.Contains("Content Security Policy", StringComparison.Ordinal) || m.Text.StartsWith("Refused to", StringComparison.Ordinal)) _violations.Enqueue("console: " + m.Text);
        };
        return page;
    }

    /// <summary>Loads <paramref name="path"/> as a fresh document, checks its policy header, and waits until the page is live and drawn.</summary>
    private async Task VisitAsync(IPage page, string path, string? drawn = null)
    {
        var response = await page.GotoAsync(new Uri(fixture.App.BaseUrl, path).ToString());
        Assert.NotNull(response);
        var headers = await response.AllHeadersAsync();
        Assert.True(headers.TryGetValue("content-security-policy", out var csp), $"{path}: no Content-Security-Policy header");
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        await page.Locator("[data-testid=interactive][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        if (drawn is not null) await page.Locator(drawn).First.WaitForAsync(new() { Timeout = 30_000 });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        output.WriteLine($"visited {path}");
    }

    [Fact]
    public async Task EveryPage_LoadedUnderThePolicy_NoViolationReported()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        await InjectedWallet.InstallAsync(context, new Uri(fixture.Chain.RpcUrls[0]));
        var page = await WatchedPageAsync(context);

        // The listener is live: an inline script the policy does not allow is reported (then the record starts afresh).
        await VisitAsync(page, "/signin");
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__inlineRan = true'; document.head.appendChild(s); }");
        await Poll.UntilAsync(() => !_violations.IsEmpty, "the probe's inline script to be reported as a violation", TimeSpan.FromSeconds(10));
        Assert.False(await page.EvaluateAsync<bool>("() => window.__inlineRan === true"), "the inline script ran: the policy did not apply");
        _violations.Clear();

        // Sign-in with the wallet module (EIP-6963 discovery, personal_sign, the verify post).
        await fixture.SignInAsync(page);
        var own = PortfolioId(page.Url);
        await VisitAsync(page, "/", "[data-testid=portfolio-card]");
        var demo = await page.Locator("[data-testid=portfolio-card]").Filter(new() { HasText = "Demo portfolio" }).Locator("[data-testid^=open-portfolio-]").GetAttributeAsync("data-testid");
        var demoId = int.Parse(demo!["open-portfolio-".Length..], CultureInfo.InvariantCulture);

        // Portfolio pages with Plotly charts drawn, live updates arriving, a MudBlazor menu and the dark palette.
        await VisitAsync(page, $"/portfolios/{demoId}", ".js-plotly-plot .main-svg");
        await page.Locator("[data-testid=position-row]").First.WaitForAsync(new() { Timeout = 30_000 });
        await page.Locator("[data-testid=dark-mode-toggle]").ClickAsync();
        await VisitAsync(page, $"/portfolios/{own}");
        await page.Locator("[data-testid=portfolio-actions]").ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await VisitAsync(page, $"/portfolios/{demoId}/manual");
        await VisitAsync(page, $"/portfolios/{demoId}/strategies");
        await VisitAsync(page, $"/portfolios/{demoId}/stress");

        // Alerts: the portfolio's page, a new and a saved rule, its deliveries, the inbox, the workspace's destinations and settings.
        await VisitAsync(page, $"/portfolios/{own}/alerts", "[data-testid=destinations-link]");
        var workspace = (await page.Locator("[data-testid=destinations-link]").GetAttributeAsync("href"))!.Split('/')[2];
        await VisitAsync(page, $"/portfolios/{own}/alerts/new");
        var rule = await page.APIRequest.PostAsync(new Uri(fixture.App.BaseUrl, $"/api/portfolios/{own}/alert-rules").ToString(), new()
        {
            DataString = """{ "name": "CSP probe", "metric": "HealthFactor", "scope": "Portfolio", "condition": "Below", "thresholds": [ { "severity": "Warning", "value": 1.5, "recovery": 1.6 } ], "inApp": true, "enabled": true }""",
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
        });
        Assert.True(rule.Ok, await rule.TextAsync());
        var ruleId = JsonDocument.Parse(await rule.TextAsync()).RootElement.GetProperty("id").GetInt32();
        await VisitAsync(page, $"/alerts/rules/{ruleId}");
        await VisitAsync(page, $"/alerts/rules/{ruleId}/deliveries");
        await VisitAsync(page, "/alerts/inbox");
        await VisitAsync(page, $"/workspaces/{workspace}/alert-destinations");
        await VisitAsync(page, $"/workspaces/{workspace}/alert-settings");

        // Teams and dashboards: the lists, members and audit log, an invite link, and a dashboard arranged with the drag script loaded.
        await VisitAsync(page, "/workspaces");
        await VisitAsync(page, $"/workspaces/{workspace}/members");
        await VisitAsync(page, $"/workspaces/{workspace}/audit");
        var invitation = await page.APIRequest.PostAsync(new Uri(fixture.App.BaseUrl, $"/api/workspaces/{workspace}/invitations").ToString(), new()
        {
            DataObject = new { role = "viewer" },
        });
        Assert.True(invitation.Ok, await invitation.TextAsync());
        var link = (await invitation.JsonAsync())!.Value.GetProperty("link").GetString()!;
        await VisitAsync(page, link, "[data-testid=invite-join]");
        await VisitAsync(page, "/dashboards");
        await VisitAsync(page, $"/portfolios/{demoId}/dashboard", ".js-plotly-plot .main-svg");
        await VisitAsync(page, $"/portfolios/{own}/dashboard", "[data-testid=dashboard-arrange]");
        await page.Locator("[data-testid=dashboard-arrange]").ClickAsync();
        await page.Locator(".dash-handle-resize").First.WaitForAsync();

        // Sharing: the panel, the workspace's live links, and both kinds of share page (the wallet proof loads the wallet module).
        await page.Locator("[data-testid=dashboard-share]").ClickAsync();
        await page.Locator("[data-testid=share-create]").ClickAsync();
        var shareUrl = new Uri((await page.Locator("[data-testid=share-url]").InnerTextAsync()).Trim());
        var dashboardId = new Uri(page.Url).AbsolutePath.Split('/')[2];
        var walletsOnly = await page.APIRequest.PostAsync(new Uri(fixture.App.BaseUrl, $"/api/dashboards/{dashboardId}/share-links").ToString(), new()
        {
            DataObject = new { addresses = new[] { InjectedWallet.Account } },
        });
        Assert.True(walletsOnly.Ok, await walletsOnly.TextAsync());
        var walletsOnlyUrl = new Uri((await walletsOnly.JsonAsync())!.Value.GetProperty("url").GetString()!);
        await VisitAsync(page, $"/workspaces/{workspace}/sharing", "[data-testid=share-link]");
        await VisitAsync(page, $"/workspaces/{workspace}/snapshots", "[data-testid=workspace-snapshots]");
        await VisitAsync(page, shareUrl.AbsolutePath, "[data-testid=dashboard-grid]");
        await VisitAsync(page, walletsOnlyUrl.AbsolutePath, "[data-testid=wallet-option]");

        // Account pages, the not-found page and the error page.
        await VisitAsync(page, "/account/tokens");
        await VisitAsync(page, "/account/sessions");
        // An unknown address shows the router's not-found content when navigated to within the app (a full load answers a bare 404).
        await page.EvaluateAsync("() => Blazor.navigateTo('/no-such-page')");
        await page.GetByText("There is nothing at this address").WaitForAsync();
        await page.GotoAsync(new Uri(fixture.App.BaseUrl, "/error").ToString());
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        // Governance: the overview, and the report of the proposal the demo queued (the scan makes it).
        await VisitAsync(page, "/governance");
        var proposal = page.Locator("[data-testid=proposal]").Filter(new() { HasText = DemoMarket.PendingProposal.Description });
        await proposal.Locator("[data-testid=proposal-report] a, a[data-testid=proposal-report]").First.WaitForAsync(new() { Timeout = ReportDeadlineMs });
        var report = await proposal.Locator("[data-testid=proposal-report] a, a[data-testid=proposal-report]").First.GetAttributeAsync("href");
        await VisitAsync(page, report!, ".js-plotly-plot .main-svg");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "csp-governance-report.png"), FullPage = true });
        Assert.True(_violations.IsEmpty, "Content-Security-Policy violations:" + Environment.NewLine + string.Join(Environment.NewLine, _violations));
        await context.CloseAsync();
    }

    private static int PortfolioId(string url) => int.Parse(new Uri(url).AbsolutePath.Split('/')[2], CultureInfo.InvariantCulture);
}
