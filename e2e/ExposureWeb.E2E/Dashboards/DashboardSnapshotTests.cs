using System.Globalization;
using System.Text.Json;
using ExposureWeb.E2E.Alerts;
using ExposureWeb.Testing;
using Microsoft.Playwright;

namespace ExposureWeb.E2E.Dashboards;

/// <summary>
/// Issue 14, acceptance 4: on a quiet chain the demo trader takes a snapshot of their dashboard in the browser, the ETH
/// oracle then moves and new blocks are read; the snapshot reopened shows the frozen block and the frozen figure, which now
/// differs from the live one, and its compare view marks the change.
/// </summary>
public sealed class DashboardSnapshotTests : IClassFixture<QuietChainAppFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly QuietChainAppFixture _fixture;

    public DashboardSnapshotTests(QuietChainAppFixture fixture)
    {
        _fixture = fixture;
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    [Fact]
    public async Task Snapshot_ReopenedAfterThePriceMoved_ShowsFrozenBlockAndFigureAndMarksTheLiveChange()
    {
        using var driver = new HealthFactorDriver(_fixture.Chain);
        var page = await _fixture.NewWalletPageAsync(account: HealthFactorDriver.Trader);
        await _fixture.SignInAsync(page, HealthFactorDriver.Trader);
        var portfolioId = int.Parse(page.Url.TrimEnd('/').Split('/')[^1], CultureInfo.InvariantCulture);
        await ExposureAsync(page, driver, portfolioId, _ => true, "the trader's first exposure");

        // The trader's default dashboard, live; a snapshot of it that expires after a day.
        await page.GotoAsync(new Uri(_fixture.App.BaseUrl, $"/portfolios/{portfolioId}/dashboard").ToString());
        await page.WaitForURLAsync("**/dashboards/*");
        await page.Locator("[data-testid=interactive][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("[data-testid=net-usd-delta]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=snapshot-expiry-select]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "after 1 day" }).ClickAsync();
        await page.Locator("[data-testid=snapshot-take]").ClickAsync();
        await page.Locator("[data-testid=snapshot-link]").First.ClickAsync();
        await page.WaitForURLAsync("**/snapshots/*");
        var snapshotUrl = page.Url;

        // What it froze, read before the chain moves.
        await Assertions.Expect(page.Locator("[data-testid=snapshot-provenance]")).ToContainTextAsync("expires");
        var frozenBlockText = (await page.Locator("[data-testid=snapshot-block]").TextContentAsync())!.Trim();
        var frozenBlock = BlockOf(frozenBlockText);
        var frozenDelta = (await page.Locator("[data-testid=net-usd-delta]").TextContentAsync())!.Trim();
        Assert.StartsWith("$", frozenDelta.TrimStart('−'), StringComparison.Ordinal);

        // ETH 10% lower, then blocks until the engine has read one with the new price.
        await driver.CalibrateAsync();
        await ExposureAsync(page, driver, portfolioId, e => e.GetProperty("blockNumber").GetUInt64() > frozenBlock, "an exposure read after the price moved");

        await page.GotoAsync(snapshotUrl);
        await page.Locator("[data-testid=interactive][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("[data-testid=snapshot-block]")).ToHaveTextAsync(frozenBlockText);
        await Assertions.Expect(page.Locator("[data-testid=net-usd-delta]")).ToHaveTextAsync(frozenDelta);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Compare with live" }).ClickAsync();
        var row = page.Locator($"[data-testid=compare-table][data-portfolio-id='{portfolioId}'] [data-testid=compare-row][data-key=net-usd-delta]");
        await Assertions.Expect(row.Locator("[data-testid=compare-frozen]")).ToHaveTextAsync(frozenDelta);
        await Assertions.Expect(row.Locator("[data-testid=compare-live]")).ToHaveAttributeAsync("data-changed", "true");
        await Assertions.Expect(row.Locator("[data-testid=compare-live]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("snap-changed"));
        await Assertions.Expect(row.Locator("[data-testid=compare-change]")).ToHaveAttributeAsync("data-changed", "true");
        var liveDelta = (await row.Locator("[data-testid=compare-live]").TextContentAsync())!.Trim();
        Assert.NotEqual(frozenDelta, liveDelta);
        Assert.StartsWith("$", liveDelta.TrimStart('−'), StringComparison.Ordinal);
        var header = page.Locator($"[data-testid=compare-table][data-portfolio-id='{portfolioId}'] [data-testid=compare-live-block]");
        Assert.Contains(frozenBlockText, await page.Locator($"[data-testid=compare-table][data-portfolio-id='{portfolioId}'] [data-testid=compare-frozen-block]").TextContentAsync(), StringComparison.Ordinal);
        Assert.True(BlockOf(await header.TextContentAsync() ?? "") > frozenBlock);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "dashboard-snapshot-compare.png"), FullPage = true });
    }

    /// <summary>Mines blocks until the REST exposure of the portfolio satisfies <paramref name="done"/> (the quiet chain mines only when asked).</summary>
    private static Task<JsonElement> ExposureAsync(IPage page, HealthFactorDriver driver, int portfolioId, Func<JsonElement, bool> done, string what) =>
        Poll.UntilAsync(async () =>
        {
            await driver.MineAsync(1);
            var json = await page.EvaluateAsync<string?>("async (id) => { const r = await fetch(`/api/portfolios/${id}/exposure`); return r.ok ? await r.text() : null; }", portfolioId);
            return json is null ? default : JsonDocument.Parse(json).RootElement.Clone();
        }, e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("assets", out var assets) && assets.GetArrayLength() > 0 && done(e), what, Deadline);

    /// <summary>The number of a block as the page shows it ("#1,234" → 1234).</summary>
    private static ulong BlockOf(string text)
    {
        var digits = new string(text[(text.IndexOf('#', StringComparison.Ordinal) + 1)..].TakeWhile(c => char.IsDigit(c) || c == ',').Where(char.IsDigit).ToArray());
        return ulong.Parse(digits, CultureInfo.InvariantCulture);
    }
}
