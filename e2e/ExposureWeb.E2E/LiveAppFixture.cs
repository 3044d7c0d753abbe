using System.Net.Http.Json;
using System.Text.Json;
using ExposureWeb.Chain.Profiles;
using Microsoft.Playwright;

namespace ExposureWeb.E2E;

/// <summary>One running app on its embedded dev chain plus one Chromium, shared by a test class.</summary>
public class LiveAppFixture : IAsyncLifetime
{
    /// <summary>Acceptance: the first exposure is on screen within 90 s of the app starting.</summary>
    public static readonly TimeSpan FirstExposureLimit = TimeSpan.FromSeconds(90);

    private (IPlaywright Playwright, IBrowser Browser)? _browser;

    public AppProcess App { get; private set; } = default!;

    public IBrowser Browser => _browser?.Browser ?? throw new InvalidOperationException("not started");

    public ChainProfile Chain { get; private set; } = default!;

    public TimeSpan TimeToHealthy { get; private set; }

    /// <summary>The app's configuration for this fixture.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["DevChain:TickSeconds"] = "2",
        // Long enough that an outage is visible before the supervisor restarts the node.
        ["DevChain:RestartDelaySeconds"] = "12",
    };

    public async Task InitializeAsync()
    {
        App = AppProcess.Start(Settings);
        await WaitUntilHealthyAsync();
        TimeToHealthy = App.StartedAt.Elapsed;
        _browser = await E2E.Browser.LaunchAsync();
    }

    /// <summary>
    /// Stops the app gracefully and starts it again on the same database and dev chain state (<see cref="AppProcess.RestartAsync"/>),
    /// then waits until it is healthy again. <see cref="App"/> and <see cref="Chain"/> (its node has a new port) are the new run's.
    /// </summary>
    public async Task RestartAppAsync()
    {
        var stopped = App;
        App = await stopped.RestartAsync(TimeSpan.FromSeconds(30));
        await File.WriteAllTextAsync(Path.Combine(E2E.Browser.OutputDirectory, "app-before-restart.log"), stopped.Log);
        await stopped.DisposeAsync();
        await WaitUntilHealthyAsync();
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = App.BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Poll.UntilAsync(async () => await http.GetFromJsonAsync<JsonElement>("/health"),
                h => h.GetProperty("status").GetString() == "Healthy", "app healthy with a chain head", FirstExposureLimit);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(ex.Message + Environment.NewLine + App.Log, ex);
        }
        Chain = ChainProfileFile.Load(App.DevChainProfilePath);
    }

    /// <summary>A page in a fresh browser context that has the test wallet installed; nobody is signed in yet.</summary>
    public async Task<IPage> NewWalletPageAsync(int width = 1280, int height = 800, string? account = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        await InjectedWallet.InstallAsync(context, new Uri(Chain.RpcUrls[0]), account);
        var page = await context.NewPageAsync();
        page.Console += (_, m) => Console.WriteLine($"[browser {m.Type}] {m.Text}");
        return page;
    }

    /// <summary>
    /// Signs in through the UI as a user would: the sign-in page discovers the test wallet (EIP-6963), connects, has it sign
    /// the server's SIWE message and lands on the user's portfolio.
    /// </summary>
    public async Task SignInAsync(IPage page, string account = InjectedWallet.Account)
    {
        await page.GotoAsync(new Uri(App.BaseUrl, "/signin").ToString());
        await page.Locator("[data-testid=interactive][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator($"[data-testid=wallet-option][data-wallet-name='{InjectedWallet.Name}']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=connected-address]")).ToHaveTextAsync(account, new() { IgnoreCase = true });
        await page.Locator("[data-testid=sign-in]").ClickAsync();
        await page.WaitForURLAsync("**/portfolios/*", new() { Timeout = 30_000 });
        await page.Locator("[data-testid=interactive][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    /// <summary>A signed-in page showing the demo portfolio (in the demo workspace, which every user may view).</summary>
    public async Task<IPage> OpenDemoPortfolioAsync()
    {
        var page = await NewWalletPageAsync();
        await SignInAsync(page);
        return await ShowDemoPortfolioAsync(page);
    }

    /// <summary>Goes from the dashboard to the demo portfolio in <paramref name="page"/>, whose context is signed in.</summary>
    public async Task<IPage> ShowDemoPortfolioAsync(IPage page)
    {
        await page.GotoAsync(App.BaseUrl.ToString());
        await page.Locator("[data-testid=interactive][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator("[data-testid=portfolio-card]").Filter(new() { HasText = "Demo portfolio" }).Locator("[data-testid^=open-portfolio-]").ClickAsync(new() { Timeout = 30_000 });
        await page.WaitForURLAsync("**/portfolios/*");
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_browser is { } b)
        {
            await b.Browser.DisposeAsync();
            b.Playwright.Dispose();
        }
        if (App is not null)
        {
            // Kept beside the screenshots: the first place to look when a browser test fails.
            await File.WriteAllTextAsync(Path.Combine(E2E.Browser.OutputDirectory, "app-live.log"), App.Log);
            await App.DisposeAsync();
        }
    }
}
