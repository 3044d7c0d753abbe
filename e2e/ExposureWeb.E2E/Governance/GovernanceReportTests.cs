using System.Globalization;
using System.Text.RegularExpressions;
using ExposureWeb.DevChain.Deployment;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ExposureWeb.E2E.Governance;

/// <summary>
/// Issue 12, acceptance 6: the report page shows the pending proposal with its ETA, the affected portfolios and the
/// charts; the Markdown and CSV exports are downloaded and checked.
/// </summary>
public sealed partial class GovernanceReportTests : IClassFixture<GovernanceAppFixture>
{
    private readonly GovernanceAppFixture _fixture;
    private readonly ITestOutputHelper _output;

    public GovernanceReportTests(GovernanceAppFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
        // Every page step is a server round trip on a busy two-core machine; Playwright's 5 s default is too tight there.
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    /// <summary>A scan that reports a proposal forks the chain and re-reads every portfolio on the fork: generous on a loaded machine.</summary>
    private static readonly float ScanDeadlineMs = 180_000;

    /// <summary>"Lower WETH liquidation threshold to 80% (LTV 77.5%)": the proposal the demo queues in the timelock.</summary>
    private static readonly string Title = DemoMarket.PendingProposal.Description;

    [Fact]
    public async Task ReportPage_DemoQueuedProposal_EtaAffectedPortfoliosChartsAndExportsDownloaded()
    {
        var page = await _fixture.NewWalletPageAsync(1400, 1000);
        await _fixture.SignInAsync(page);

        // From the menu, as a user goes there.
        await page.Locator("[data-testid=nav-governance]").ClickAsync();
        await page.WaitForURLAsync("**/governance");
        await page.Locator("[data-testid=interactive][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("[data-testid=scan-now]")).ToBeEnabledAsync();
        await page.Locator("[data-testid=scan-now]").ClickAsync();

        // Our scan, or the recurring one that held the chain (ours is then skipped and the page notices the other finish).
        var proposal = page.Locator("[data-testid=proposal]").Filter(new() { HasText = Title });
        await Assertions.Expect(proposal.Locator("[data-testid=proposal-report]")).ToHaveCountAsync(1, new() { Timeout = ScanDeadlineMs });
        await Assertions.Expect(proposal.Locator("[data-testid=proposal-state]")).ToHaveTextAsync("Queued");
        await Assertions.Expect(proposal.Locator("[data-testid=proposal-eta]")).ToContainTextAsync("UTC");
        await Assertions.Expect(proposal.Locator("[data-testid=proposal-countdown]")).ToHaveTextAsync(Countdown());
        await Assertions.Expect(proposal.Locator("[data-testid=proposal-affected]")).Not.ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("[data-testid=scan-progress]")).ToHaveCountAsync(0, new() { Timeout = ScanDeadlineMs });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "governance-overview.png"), FullPage = true });

        await proposal.Locator("[data-testid=proposal-report] a, a[data-testid=proposal-report]").First.ClickAsync();
        await page.WaitForURLAsync("**/governance/reports/*");
        var reportId = int.Parse(page.Url.TrimEnd('/').Split('/')[^1], CultureInfo.InvariantCulture);
        await page.Locator("[data-testid=interactive][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        // The header: the pending proposal, its ETA and time left, pinned to a block.
        await Assertions.Expect(page.Locator("[data-testid=report-title]")).ToHaveTextAsync(Title);
        await Assertions.Expect(page.Locator("[data-testid=report-state]")).ToHaveTextAsync("Queued");
        await Assertions.Expect(page.Locator("[data-testid=report-eta]")).ToContainTextAsync("UTC");
        await Assertions.Expect(page.Locator("[data-testid=report-countdown]")).ToHaveTextAsync(Countdown());
        await Assertions.Expect(page.Locator("[data-testid=report-fork]")).ToContainTextAsync("Simulated on a fork of block #");
        await Assertions.Expect(page.Locator("[data-testid=report-revert]")).ToHaveCountAsync(0);

        // The demo portfolio (the trader's WETH collateral) is affected: its health factor falls.
        var demo = page.Locator("[data-testid=report-portfolio]").Filter(new() { HasText = "Demo portfolio" });
        await Assertions.Expect(demo).ToHaveAttributeAsync("data-affected", "true");
        var before = double.Parse((await demo.GetAttributeAsync("data-hf-before"))!, CultureInfo.InvariantCulture);
        var after = double.Parse((await demo.GetAttributeAsync("data-hf-after"))!, CultureInfo.InvariantCulture);
        Assert.True(before > after, $"HF before {before} should exceed HF after {after}");
        Assert.True(after > 1, $"the demo trader stays above liquidation ({after})");

        // Both charts drawn by Plotly: the grouped bars and the payoff with the liquidation lines before and after.
        await Assertions.Expect(page.Locator("[data-testid=hf-chart] .js-plotly-plot .barlayer .point")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=report-payoff-chart] .js-plotly-plot .scatterlayer path.js-line")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=report-payoff-chart] .js-plotly-plot .shapelayer path")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=report-payoff-notes]")).ToContainTextAsync("Liquidation before");
        await Assertions.Expect(page.Locator("[data-testid=report-payoff-notes]")).ToContainTextAsync("Liquidation after");
        var bars = await page.Locator("[data-testid=hf-chart] .js-plotly-plot .barlayer .point").CountAsync();
        Assert.True(bars >= 2, $"a before and an after bar at least ({bars})");

        // The same report as Markdown, rendered in the page.
        await Assertions.Expect(page.Locator("[data-testid=report-markdown] h1")).ToContainTextAsync("Lower WETH liquidation threshold");
        await Assertions.Expect(page.Locator("[data-testid=report-markdown] table").Filter(new() { HasText = "Demo portfolio" })).Not.ToHaveCountAsync(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "governance-report.png"), FullPage = true });

        var markdown = await DownloadAsync(page, "download-md");
        Assert.Contains("# Lower WETH liquidation threshold", markdown, StringComparison.Ordinal);
        Assert.Contains("| Portfolio | Affected | HF before | HF after |", markdown, StringComparison.Ordinal);
        Assert.Matches(@"\| Demo portfolio \| \*\*yes\*\* \|", markdown);

        var csv = (await DownloadAsync(page, "download-csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("report_id,chain,kind,proposal_id,state,eta_utc,", csv[0], StringComparison.Ordinal);
        var header = csv[0].Split(',');
        // One row per lending account: the demo's trader (WETH collateral) falls, its treasury (no WETH collateral) does not.
        var rows = csv.Skip(1).Select(l => l.Split(',')).Where(c => c[Array.IndexOf(header, "portfolio")] == "Demo portfolio").ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, row =>
        {
            Assert.Equal(reportId.ToString(CultureInfo.InvariantCulture), row[Array.IndexOf(header, "report_id")]);
            Assert.Equal("Queued", row[Array.IndexOf(header, "state")]);
            Assert.Equal("true", row[Array.IndexOf(header, "affected")]);
        });
        Assert.Contains(rows, row => double.Parse(row[Array.IndexOf(header, "health_factor_before")], CultureInfo.InvariantCulture)
            > double.Parse(row[Array.IndexOf(header, "health_factor_after")], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task WhatIf_TypedWithEnter_InlineErrorThenTheNewReport()
    {
        var page = await _fixture.NewWalletPageAsync(1400, 1000);
        await _fixture.SignInAsync(page);
        await page.GotoAsync(new Uri(_fixture.App.BaseUrl, "/governance").ToString());
        await page.Locator("[data-testid=interactive][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var field = page.Locator("input[data-testid=what-if-text], [data-testid=what-if-text] input").First;

        // Not a change the parser knows: said under the field, nothing simulated, the page stays.
        await field.FillAsync("WETH liquidation threshold lots");
        await field.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=what-if-form] .mud-input-helper-text.mud-input-error")).ToBeVisibleAsync();
        Assert.EndsWith("/governance", page.Url, StringComparison.Ordinal);

        // Aave refuses a threshold under the LTV (80.5% on WETH): the LTV goes down with it, as a proposal would do.
        await field.FillAsync("WETH ltv 75%; WETH liquidation threshold 78%");
        await field.PressAsync("Enter");
        try
        {
            await page.WaitForURLAsync("**/governance/reports/*", new() { Timeout = ScanDeadlineMs });
        }
        finally
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "governance-what-if.png"), FullPage = true });
        }
        await page.Locator("[data-testid=interactive][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("[data-testid=report-kind]")).ToHaveTextAsync("what-if");
        await Assertions.Expect(page.Locator("[data-testid=report-changes]")).ToContainTextAsync("8,300 bps (83%) → 7,800 bps (78%)");
        var demo = page.Locator("[data-testid=report-portfolio]").Filter(new() { HasText = "Demo portfolio" });
        await Assertions.Expect(demo).ToHaveAttributeAsync("data-affected", "true");
        await Assertions.Expect(page.Locator("[data-testid=hf-chart] .js-plotly-plot .barlayer .point")).Not.ToHaveCountAsync(0);
    }

    /// <summary>"in 1 min 40 s" while the timelock still holds it, "executable now" once its ETA passed (the dev chain's clock may run ahead).</summary>
    [GeneratedRegex(@"^(in \d+ (d|h|min|s)( \d+ (h|min|s))?|executable now)$")]
    private static partial Regex Countdown();

    /// <summary>Clicks a download button and returns the saved file's text, through Playwright's download API.</summary>
    private static async Task<string> DownloadAsync(IPage page, string testId)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator($"[data-testid={testId}]").ClickAsync());
        Assert.Null(await download.FailureAsync());
        var path = await download.PathAsync();
        var text = await File.ReadAllTextAsync(path);
        await File.WriteAllTextAsync(Path.Combine(Browser.OutputDirectory, download.SuggestedFilename), text);
        return text;
    }
}
