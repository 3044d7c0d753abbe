using System.Text.Json;
using ExposureWeb.Testing;
using Microsoft.Playwright;

namespace ExposureWeb.E2E.Alerts;

/// <summary>
/// Issue 11, acceptance 1: a health-factor rule built in the browser, the demo trader's Aave account pushed across both of
/// its thresholds by the oracle, and what the user then sees: toasts, inbox entries and the state history.
/// </summary>
public sealed class HealthFactorAlertTests : IClassFixture<QuietChainAppFixture>
{
    private readonly QuietChainAppFixture _fixture;

    public HealthFactorAlertTests(QuietChainAppFixture fixture)
    {
        _fixture = fixture;
        // Every page step here is a server round trip on a busy two-core machine; Playwright's 5 s default is too tight there.
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    /// <summary>Long enough for a block to be read, evaluated, confirmed two blocks deep and delivered, on a busy machine.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task HealthFactorRule_OracleCrossesWarningThenCritical_ToastsInboxAndHistoryAndOneResolutionWithoutFlapping()
    {
        using var driver = new HealthFactorDriver(_fixture.Chain);
        await driver.CalibrateAsync();
        await driver.SetAsync(1.8);

        var page = await _fixture.NewWalletPageAsync();
        await _fixture.SignInAsync(page);
        var portfolioId = int.Parse(page.Url.TrimEnd('/').Split('/')[^1]);

        // The user watches the demo trader in their own portfolio (where they are the owner, so they may add rules).
        // The field binds on change: leave it (Tab) before submitting, as a keyboard user does.
        await page.GetByLabel("Address (0x…, EIP-55 checksum if mixed case)").FillAsync(HealthFactorDriver.Trader);
        await page.GetByLabel("Address (0x…, EIP-55 checksum if mixed case)").PressAsync("Tab");
        await page.Locator("[data-testid=watch-add]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=watched-address]").Filter(new() { HasText = HealthFactorDriver.Trader }))
            .ToHaveCountAsync(1, new() { Timeout = (float)Deadline.TotalMilliseconds });
        // The engine reads a portfolio at each new block; the quiet chain mines only when asked.
        await driver.MineAsync(1);

        await page.GotoAsync(new Uri(_fixture.App.BaseUrl, $"/portfolios/{portfolioId}/alerts/new").ToString());
        await page.Locator("[data-testid=interactive][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GetByLabel("Name").FillAsync("Trader health factor");
        await ThresholdAsync(page, 0, "1.5", "1.6");
        await page.Locator("[data-testid=add-threshold]").ClickAsync();
        await ThresholdAsync(page, 1, "1.2", "1.3");
        await Assertions.Expect(page.GetByLabel("Name")).ToHaveValueAsync("Trader health factor");
        // The live preview judges the rule against the current snapshot before anything is saved.
        await Assertions.Expect(page.Locator("[data-testid=preview-summary]").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex(@"^normal, value 1\.(79|8)") })).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "alert-rule-builder.png"), FullPage = true });
        await page.Locator("[data-testid=rule-save]").ClickAsync();
        await page.WaitForURLAsync($"**/portfolios/{portfolioId}/alerts");
        await Assertions.Expect(page.Locator("[data-testid=alert-rule]")).ToHaveCountAsync(1);
        var blocks = driver.MineEvery(TimeSpan.FromSeconds(1));

        // Below 1.5: warning. Below 1.2: critical. Each is confirmed two blocks deep, then toasted.
        await CrossAsync(driver, 1.35);
        await KindsAsync(page, portfolioId, k => k.Count == 1);
        await ExpectToastAsync(page, "Warning");
        await CrossAsync(driver, 1.1);
        var kinds = await KindsAsync(page, portfolioId, k => k.Count == 2);
        await ExpectToastAsync(page, "Critical");
        Assert.Equal(["firing", "escalated"], kinds);

        // Back above the critical recovery (1.3) but under the warning's (1.6): one step down to warning, then bouncing
        // around 1.5 changes nothing.
        await CrossAsync(driver, 1.42);
        await KindsAsync(page, portfolioId, k => k.Count == 3);
        foreach (var hf in new[] { 1.53, 1.44, 1.55, 1.46 }) await CrossAsync(driver, hf);
        // Above 1.6: resolved, once.
        await CrossAsync(driver, 1.75);
        await KindsAsync(page, portfolioId, k => k.Contains("resolved"));
        // A few more blocks at the same value: nothing more happens.
        var head = await driver.HeadAsync();
        await Poll.UntilAsync(async () => await driver.HeadAsync() >= head + 3, "three more blocks", Deadline);
        kinds = await KindsAsync(page, portfolioId, k => k.Count >= 4);
        Assert.Equal(["firing", "escalated", "de-escalated", "resolved"], kinds);

        // The page's state history and the inbox say the same.
        await page.GotoAsync(new Uri(_fixture.App.BaseUrl, $"/portfolios/{portfolioId}/alerts").ToString());
        await page.Locator("[data-testid=interactive][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("[data-testid=alert-instance] [data-testid=alert-state]").First).ToHaveAttributeAsync("data-state", "Normal");
        await page.Locator("[data-testid=toggle-history]").First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=alert-transition][data-status=Confirmed]")).ToHaveCountAsync(4);
        await page.GotoAsync(new Uri(_fixture.App.BaseUrl, "/alerts/inbox").ToString());
        await Assertions.Expect(page.Locator("[data-testid=inbox-entry]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-testid=inbox-unread]")).ToHaveTextAsync("4 unread");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "alerts-inbox.png"), FullPage = true });

        // Each notification went out once, on its first attempt. (That a restart re-sends nothing is the evaluator's and
        // the outbox's integration tests: restarting here makes the test hostage to how long circuits take to close.)
        await blocks.DisposeAsync();
        var delivered = await DeliveriesAsync(page, portfolioId);
        Assert.Equal(4, delivered.Count);
        Assert.All(delivered, d => Assert.Equal(("Delivered", 1), (d.Status, d.Attempts)));
    }

    /// <summary>The notifications of the portfolio's rules (id, status, attempts), from the REST API.</summary>
    private async Task<List<(long Id, string Status, int Attempts)>> DeliveriesAsync(IPage page, int portfolioId)
    {
        var rules = await GetJsonAsync(page, $"/api/portfolios/{portfolioId}/alert-rules");
        var list = new List<(long, string, int)>();
        foreach (var rule in rules.RootElement.EnumerateArray())
        {
            using var deliveries = await GetJsonAsync(page, $"/api/alert-deliveries?ruleId={rule.GetProperty("id").GetInt32()}");
            list.AddRange(deliveries.RootElement.EnumerateArray().Select(d => (d.GetProperty("id").GetInt64(), d.GetProperty("status").GetString()!, d.GetProperty("attemptCount").GetInt32())));
        }
        return list.OrderBy(d => d.Item1).ToList();
    }

    private async Task<JsonDocument> GetJsonAsync(IPage page, string path)
    {
        var response = await page.APIRequest.GetAsync(new Uri(_fixture.App.BaseUrl, path).ToString());
        Assert.True(response.Ok, $"{path}: {response.Status}");
        return JsonDocument.Parse(await response.TextAsync());
    }

    [Fact]
    public async Task RuleBuilderAndDestinations_BadInput_InlineErrorsFocusAndNothingSaved()
    {
        var page = await _fixture.NewWalletPageAsync();
        await _fixture.SignInAsync(page);
        var portfolioId = int.Parse(page.Url.TrimEnd('/').Split('/')[^1]);
        var rulesBefore = await CountAsync(page, $"/api/portfolios/{portfolioId}/alert-rules");

        await page.GotoAsync(new Uri(_fixture.App.BaseUrl, $"/portfolios/{portfolioId}/alerts/new").ToString());
        await page.Locator("[data-testid=interactive][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GetByLabel("Name").FillAsync("Bad rule");
        // Not a number, and a recovery on the wrong side (a health-factor alert recovers above its threshold).
        await Input(page, "threshold-0-value").FillAsync("abc");
        await page.Locator("[data-testid=add-threshold]").ClickAsync();
        await Input(page, "threshold-1-value").FillAsync("1.2");
        await Input(page, "threshold-1-recovery").FillAsync("1.1");
        await Input(page, "threshold-1-recovery").PressAsync("Enter");

        await Assertions.Expect(page.GetByText("Warning threshold must be a number.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Recovery 1.1 is on the wrong side of the critical threshold 1.2")).ToBeVisibleAsync();
        // Focus goes to the first field in error, and the page stays where it was.
        await Poll.UntilAsync(() => page.EvaluateAsync<string>("() => document.activeElement?.getAttribute('data-testid') ?? ''"),
            focused => focused == "threshold-0-value", "focus on the first field in error", Deadline);
        Assert.EndsWith($"/portfolios/{portfolioId}/alerts/new", page.Url);
        Assert.Equal(rulesBefore, await CountAsync(page, $"/api/portfolios/{portfolioId}/alert-rules"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "alert-rule-errors.png"), FullPage = true });

        // A webhook to the cloud metadata address is refused where it is typed, and nothing is stored.
        await page.GotoAsync(new Uri(_fixture.App.BaseUrl, $"/portfolios/{portfolioId}/alerts").ToString());
        await page.Locator("[data-testid=interactive][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator("[data-testid=destinations-link]").ClickAsync();
        await page.WaitForURLAsync("**/alert-destinations");
        await Input(page, "destination-name").WaitForAsync();
        await Input(page, "destination-name").FillAsync("Sneaky");
        await Input(page, "destination-target").FillAsync("http://169.254.169.254/latest/meta-data");
        await Input(page, "destination-target").PressAsync("Enter");
        await Assertions.Expect(page.GetByText("cloud metadata address").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=no-destinations]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AlertSettings_SilenceWithoutComment_InlineErrorThenCreatedAndExpired()
    {
        var page = await _fixture.NewWalletPageAsync();
        await _fixture.SignInAsync(page);
        var portfolioId = int.Parse(page.Url.TrimEnd('/').Split('/')[^1]);
        await page.GotoAsync(new Uri(_fixture.App.BaseUrl, $"/portfolios/{portfolioId}/alerts").ToString());
        await page.Locator("[data-testid=interactive][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator("[data-testid=settings-link]").ClickAsync();
        await page.WaitForURLAsync("**/alert-settings");
        // A rule name no rule has: this silence must not quiet the other test of this class.
        await Input(page, "matcher-value-0").FillAsync("A rule that does not exist");

        await Input(page, "silence-hours").PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=no-silences]")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Comment is required: say why")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("[data-testid=silence]").CountAsync());

        await Input(page, "silence-comment").FillAsync("Oracle maintenance window");
        await page.Locator("[data-testid=silence-create]").ClickAsync();
        var silence = page.Locator("[data-testid=silence]");
        await Assertions.Expect(silence).ToHaveCountAsync(1);
        await Assertions.Expect(silence.First).ToHaveAttributeAsync("data-state", "active");
        await Assertions.Expect(silence.First).ToContainTextAsync("Oracle maintenance window");

        await silence.First.Locator("[data-testid=silence-expire]").ClickAsync();
        await Assertions.Expect(silence.First).ToHaveAttributeAsync("data-state", "expired");
    }

    private async Task<int> CountAsync(IPage page, string path)
    {
        using var json = await GetJsonAsync(page, path);
        return json.RootElement.GetArrayLength();
    }

    private static async Task ThresholdAsync(IPage page, int index, string value, string recovery)
    {
        await Input(page, $"threshold-{index}-value").FillAsync(value);
        await Input(page, $"threshold-{index}-recovery").FillAsync(recovery);
    }

    /// <summary>The text input of a MudBlazor field: MudBlazor puts the test id on the input itself.</summary>
    private static ILocator Input(IPage page, string testId) => page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;

    /// <summary>Moves the health factor and waits for the blocks that confirm whatever it changed (the ticker mines them).</summary>
    private static async Task CrossAsync(HealthFactorDriver driver, double healthFactor)
    {
        await driver.SetAsync(healthFactor);
        var head = await driver.HeadAsync();
        await Poll.UntilAsync(async () => await driver.HeadAsync() >= head + 2, "two blocks on top of the push", Deadline);
    }

    private static async Task ExpectToastAsync(IPage page, string severity)
    {
        try
        {
            await Assertions.Expect(page.Locator(".mud-snackbar").Filter(new() { HasText = $"{severity}: Trader health factor —" })).ToHaveCountAsync(1, new() { Timeout = (float)Deadline.TotalMilliseconds });
        }
        finally
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, $"alert-toast-{severity.ToLowerInvariant()}.png") });
        }
    }

    /// <summary>The confirmed transitions of the portfolio's alert instances, oldest first, from the REST API (same session).</summary>
    private async Task<List<string>> KindsAsync(IPage page, int portfolioId, Func<List<string>, bool> done) =>
        await Poll.UntilAsync(async () =>
        {
            var response = await page.APIRequest.GetAsync(new Uri(_fixture.App.BaseUrl, $"/api/portfolios/{portfolioId}/alerts").ToString());
            using var json = JsonDocument.Parse(await response.TextAsync());
            return json.RootElement.EnumerateArray()
                .SelectMany(i => i.GetProperty("history").EnumerateArray())
                .Where(t => t.GetProperty("status").GetString() == "confirmed")
                .OrderBy(t => t.GetProperty("id").GetInt64())
                .Select(t => t.GetProperty("kind").GetString()!)
                .ToList();
        }, done, "confirmed alert transitions", Deadline);
}
