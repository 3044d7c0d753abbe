using System.Text.Json;
using ExposureWeb.Testing;
using Microsoft.Playwright;

namespace ExposureWeb.E2E.Alerts;

/// <summary>
/// Issue 11, acceptance 1: a health-factor rule built in the browser, the demo trader's Aave account pushed across both of
/// its thresholds by the oracle, and what the user then sees: toasts, inbox entries and the state history.
/// </summary>
public sealed class HealthFactorAlertTests(QuietChainAppFixture fixture) : IClassFixture<QuietChainAppFixture>
{
    /// <summary>Long enough for a block to be read, evaluated, confirmed two blocks deep and delivered, on a busy machine.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task HealthFactorRule_OracleCrossesWarningThenCritical_ToastsInboxAndHistoryAndOneResolutionWithoutFlapping()
    {
        using var driver = new HealthFactorDriver(fixture.Chain);
        await driver.CalibrateAsync();
        await driver.SetAsync(1.8);

        var page = await fixture.NewWalletPageAsync();
        await fixture.SignInAsync(page);
        var portfolioId = int.Parse(page.Url.TrimEnd('/').Split('/')[^1]);

        // The user watches the demo trader in their own portfolio (where they are the owner, so they may add rules).
        await page.GetByLabel("Address (0x…, EIP-55 checksum if mixed case)").FillAsync(HealthFactorDriver.Trader);
        await page.Locator("[data-testid=watch-add]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=watched-address]").Filter(new() { HasText = HealthFactorDriver.Trader })).ToHaveCountAsync(1);

        await page.GotoAsync(new Uri(fixture.App.BaseUrl, $"/portfolios/{portfolioId}/alerts/new").ToString());
        await page.Locator("[data-testid=interactive][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GetByLabel("Name").FillAsync("Trader health factor");
        await ThresholdAsync(page, 0, "1.5", "1.6");
        await page.Locator("[data-testid=add-threshold]").ClickAsync();
        await ThresholdAsync(page, 1, "1.2", "1.3");
        // The live preview judges the rule against the current snapshot before anything is saved.
        await Assertions.Expect(page.Locator("[data-testid=preview-summary]").Filter(new() { HasText = "normal, value 1.8" })).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await page.Locator("[data-testid=rule-save]").ClickAsync();
        await page.WaitForURLAsync($"**/portfolios/{portfolioId}/alerts");
        await Assertions.Expect(page.Locator("[data-testid=alert-rule]")).ToHaveCountAsync(1);
        await driver.MineAsync(1);

        // Below 1.5: warning. Below 1.2: critical. Each is confirmed two blocks deep, then toasted.
        await CrossAsync(driver, 1.35);
        await ExpectToastAsync(page, "Warning");
        await CrossAsync(driver, 1.1);
        await ExpectToastAsync(page, "Critical");
        var kinds = await KindsAsync(page, portfolioId, k => k.Count == 2);
        Assert.Equal(["firing", "escalated"], kinds);

        // Back above the critical recovery (1.3) but under the warning's (1.6): one step down to warning, then bouncing
        // around 1.5 changes nothing.
        await CrossAsync(driver, 1.42);
        await KindsAsync(page, portfolioId, k => k.Count == 3);
        foreach (var hf in new[] { 1.53, 1.44, 1.55, 1.46 }) await CrossAsync(driver, hf);
        // Above 1.6: resolved, once.
        await CrossAsync(driver, 1.75);
        kinds = await KindsAsync(page, portfolioId, k => k.Contains("resolved"));
        await driver.MineAsync(3);
        kinds = await KindsAsync(page, portfolioId, k => k.Count >= 4);
        Assert.Equal(["firing", "escalated", "de-escalated", "resolved"], kinds);

        // The page's state history and the inbox say the same.
        await page.GotoAsync(new Uri(fixture.App.BaseUrl, $"/portfolios/{portfolioId}/alerts").ToString());
        await page.Locator("[data-testid=interactive][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("[data-testid=alert-instance] [data-testid=alert-state]").First).ToHaveAttributeAsync("data-state", "Normal");
        await page.Locator("[data-testid=toggle-history]").First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=alert-transition][data-status=confirmed]")).ToHaveCountAsync(4);
        await page.GotoAsync(new Uri(fixture.App.BaseUrl, "/alerts/inbox").ToString());
        await Assertions.Expect(page.Locator("[data-testid=inbox-entry]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-testid=inbox-unread]")).ToHaveTextAsync("4 unread");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "alerts-inbox.png"), FullPage = true });
    }

    private static async Task ThresholdAsync(IPage page, int index, string value, string recovery)
    {
        await page.Locator($"[data-testid=threshold-{index}-value] input").FillAsync(value);
        await page.Locator($"[data-testid=threshold-{index}-recovery] input").FillAsync(recovery);
    }

    /// <summary>Moves the health factor and mines the blocks that confirm whatever it changed.</summary>
    private static async Task CrossAsync(HealthFactorDriver driver, double healthFactor)
    {
        await driver.SetAsync(healthFactor);
        await driver.MineAsync(2);
    }

    private static async Task ExpectToastAsync(IPage page, string severity) =>
        await Assertions.Expect(page.Locator(".mud-snackbar").Filter(new() { HasText = $"{severity}: Trader health factor" })).ToHaveCountAsync(1, new() { Timeout = (float)Deadline.TotalMilliseconds });

    /// <summary>The confirmed transitions of the portfolio's alert instances, oldest first, from the REST API (same session).</summary>
    private async Task<List<string>> KindsAsync(IPage page, int portfolioId, Func<List<string>, bool> done) =>
        await Poll.UntilAsync(async () =>
        {
            var response = await page.APIRequest.GetAsync(new Uri(fixture.App.BaseUrl, $"/api/portfolios/{portfolioId}/alerts").ToString());
            using var json = JsonDocument.Parse(await response.TextAsync());
            return json.RootElement.EnumerateArray()
                .SelectMany(i => i.GetProperty("history").EnumerateArray())
                .Where(t => t.GetProperty("status").GetString() == "confirmed")
                .OrderBy(t => t.GetProperty("id").GetInt64())
                .Select(t => t.GetProperty("kind").GetString()!)
                .ToList();
        }, done, "confirmed alert transitions", Deadline);
}
