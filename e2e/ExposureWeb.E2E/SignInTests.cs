using ExposureWeb.DevChain.Deployment;
using Microsoft.Playwright;

namespace ExposureWeb.E2E;

/// <summary>Wallet sign-in and watch-only addresses in Chromium, against the real app on its dev chain.</summary>
public sealed class SignInTests(LiveAppFixture fixture) : IClassFixture<LiveAppFixture>
{
    [Fact]
    public async Task SignIn_InjectedWalletSignsSiwe_LandsOnOwnDashboardAndSignOutEndsSession()
    {
        var page = await fixture.NewWalletPageAsync();
        await page.GotoAsync(fixture.App.BaseUrl.ToString());

        // Anonymous: sent to the sign-in page, where the injected wallet is discovered with its name and icon.
        await page.WaitForURLAsync("**/signin?ReturnUrl=*");
        var option = page.Locator($"[data-testid=wallet-option][data-wallet-name='{InjectedWallet.Name}']");
        await Assertions.Expect(option).ToBeVisibleAsync();
        await Assertions.Expect(option.Locator("img[src^='data:image/svg+xml']")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "signin-wallets.png") });

        await option.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=connected-address]")).ToHaveTextAsync(InjectedWallet.Account, new() { IgnoreCase = true });
        await Assertions.Expect(page.Locator("[data-testid=connected-chain]")).ToContainTextAsync("chain id 31337");
        await page.Locator("[data-testid=sign-in]").ClickAsync();

        // Landed on the personal portfolio the first sign-in created, which watches the wallet.
        await page.WaitForURLAsync("**/portfolios/*", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=signed-in-as]")).ToHaveAttributeAsync("data-address", InjectedWallet.Account);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("My wallet");
        await Assertions.Expect(page.Locator("[data-testid=workspace-chip]")).ToContainTextAsync("owner");
        await Assertions.Expect(page.Locator("[data-testid=watched-address]").Filter(new() { HasText = InjectedWallet.Account })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=position-row]").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "signed-in-dashboard.png"), FullPage = true });

        await page.Locator("[data-testid=sign-out]").ClickAsync();
        await page.WaitForURLAsync("**/signin?signedOut=1");
        await Assertions.Expect(page.Locator("[data-testid=signed-out]")).ToBeVisibleAsync();
        await page.GotoAsync(fixture.App.BaseUrl.ToString());
        await page.WaitForURLAsync("**/signin?ReturnUrl=*");
    }

    [Fact]
    public async Task WatchAddress_InvalidThenValid_InlineErrorsThenPositionsWithinOneBlock()
    {
        var page = await fixture.NewWalletPageAsync();
        await fixture.SignInAsync(page);
        var input = page.Locator("#watch-address");
        var form = page.Locator("[data-testid=watch-form]");

        await input.FillAsync("0x1234");
        await page.Locator("[data-testid=watch-add]").ClickAsync();
        await Assertions.Expect(form.Locator(".mud-input-error").First).ToBeVisibleAsync();
        await Assertions.Expect(form).ToContainTextAsync("0x followed by 40");

        // Mixed case with a broken EIP-55 checksum: one letter's case flipped.
        var trader = DemoMarket.Wallets[0].Address;
        var broken = FlipFirstLetterCase(trader);
        await input.FillAsync(broken);
        await input.PressAsync("Enter"); // keyboard: the form submits on Enter
        await Assertions.Expect(form).ToContainTextAsync("checksum");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "watch-address-error.png") });

        // Record every block the page shows from now on, and whether the trader's positions were on screen with it.
        await page.EvaluateAsync("""
            (owner) => {
              window.__blocks = [];
              const record = () => {
                const block = document.querySelector('[data-testid=block-number]')?.textContent ?? '';
                const shown = document.querySelectorAll(`[data-testid=position-row][data-owner="${owner}"]`).length > 0;
                const saved = [...document.querySelectorAll('[data-testid=watched-address]')].some(e => e.textContent === owner);
                const last = window.__blocks[window.__blocks.length - 1];
                if (!last || last.block !== block || last.shown !== shown || last.saved !== saved) window.__blocks.push({ block, shown, saved });
              };
              new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
              record();
            }
            """, trader);
        await input.FillAsync(trader.ToLowerInvariant());
        await page.Locator("#watch-label").FillAsync("Demo trader (watched)");
        await page.Locator("[data-testid=watch-add]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=watched-address]").Filter(new() { HasText = trader })).ToHaveCountAsync(1);

        var traderRows = page.Locator($"[data-testid=position-row][data-owner='{trader}']");
        await Assertions.Expect(traderRows.First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var blocks = await page.EvaluateAsync<BlockSeen[]>("() => window.__blocks");
        // Blocks shown without the new positions: the one on screen at the save, and at most one more whose read had already begun.
        // The address is in the list once the save returned; count from there.
        var before = blocks.SkipWhile(b => !b.Saved).TakeWhile(b => !b.Shown).Select(b => b.Block).Distinct().ToList();
        Assert.True(before.Count <= 2, $"blocks shown before the watched address's positions: {string.Join(", ", before)}");
        // The demo trader holds 42.5 ETH outright (DemoMarket).
        await Assertions.Expect(traderRows.Filter(new() { HasText = "42.5 ETH" })).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "watch-address-added.png"), FullPage = true });
    }

    [Fact]
    public async Task DevChainSignIn_NoWalletInstalled_DemoTraderLandsOnDashboardWithPositions()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.App.BaseUrl, "/signin").ToString());
        await Assertions.Expect(page.Locator("[data-testid=no-wallet]")).ToBeVisibleAsync();

        await page.Locator("[data-testid=devchain-sign-in-button]").ClickAsync();

        await page.WaitForURLAsync("**/portfolios/*", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=signed-in-as]")).ToHaveAttributeAsync("data-address", DemoMarket.Trader);
        var spot = page.Locator($"[data-testid=position-row][data-owner='{DemoMarket.Trader}'][data-protocol=spot]");
        await Assertions.Expect(spot.Filter(new() { HasText = "42.5 ETH" })).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await context.CloseAsync();
    }

    [Theory]
    [InlineData("%2F%09%2Fevil.example")]
    [InlineData("%2F%0A%2Fevil.example")]
    public async Task DevChainSignIn_ReturnUrlLeadingToAnotherSite_LandsOnOwnDashboard(string returnUrl)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        // The link a phisher hands out: the tab (or newline) is dropped by the browser, leaving //evil.example.
        await page.GotoAsync(new Uri(fixture.App.BaseUrl, "/signin?ReturnUrl=" + returnUrl).ToString());

        var answer = await page.RunAndWaitForResponseAsync(
            () => page.Locator("[data-testid=devchain-sign-in-button]").ClickAsync(), r => r.Url.Contains("/auth/devchain/signin", StringComparison.Ordinal));

        Assert.Equal(302, answer.Status);
        await page.WaitForURLAsync("**/portfolios/*", new() { Timeout = 30_000 });
        Assert.Equal(fixture.App.BaseUrl.Authority, new Uri(page.Url).Authority);
        await Assertions.Expect(page.Locator("[data-testid=signed-in-as]")).ToHaveAttributeAsync("data-address", DemoMarket.Trader);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Portfolios_CreateRenameDelete_ThroughTheUi()
    {
        var page = await fixture.NewWalletPageAsync();
        await fixture.SignInAsync(page);
        await page.GotoAsync(fixture.App.BaseUrl.ToString());
        await page.Locator("[data-testid=interactive][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var name = "Hedges " + Guid.NewGuid().ToString("N")[..6];

        await page.Locator("[data-testid=new-portfolio-toggle]").ClickAsync();
        await page.Locator("#new-portfolio-name").FillAsync(name);
        await page.Locator("#new-portfolio-name").PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(name, new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("[data-testid=watched-empty]")).ToBeVisibleAsync();

        await page.Locator("[data-testid=portfolio-actions]").ClickAsync();
        await page.Locator("[data-testid=portfolio-rename]").ClickAsync();
        await page.Locator("#portfolio-rename-name").FillAsync(name + " renamed");
        await page.Locator("#portfolio-rename-name").PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(name + " renamed");
        // The menu follows without a reload.
        await Assertions.Expect(page.Locator(".mud-navmenu").GetByText(name + " renamed")).ToBeVisibleAsync();

        await page.Locator("[data-testid=portfolio-delete]").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        // Blazor navigates within the document (no load event to wait for): poll the address instead.
        await Assertions.Expect(page).ToHaveURLAsync(fixture.App.BaseUrl.ToString(), new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=portfolio-card]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=portfolio-card]").Filter(new() { HasText = name })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Dashboard_PhoneWidth_NoSidewaysScrollingInLightAndDark()
    {
        var page = await fixture.NewWalletPageAsync(390, 844);
        await fixture.SignInAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=position-row]").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        const string overflow = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth";

        Assert.True(await page.EvaluateAsync<int>(overflow) <= 1, "the page scrolls sideways at 390 px: " + await WiderThanScreenAsync(page));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "dashboard-390-light.png"), FullPage = true });
        await page.Locator("[data-testid=dark-mode-toggle]").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-theme-dark, [data-testid=interactive]").First).ToBeAttachedAsync();
        await Poll.UntilAsync(() => page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"), c => c != "rgb(255, 255, 255)", "dark palette", TimeSpan.FromSeconds(5));
        Assert.True(await page.EvaluateAsync<int>(overflow) <= 1, "the page scrolls sideways at 390 px in dark mode: " + await WiderThanScreenAsync(page));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "dashboard-390-dark.png"), FullPage = true });
    }

    /// <summary>The elements sticking out of the screen that no scrolling box of their own contains (for the failure message).</summary>
    private static Task<string> WiderThanScreenAsync(IPage page) => page.EvaluateAsync<string>("""
        () => {
          const width = document.documentElement.clientWidth;
          const scrolls = (e) => { for (let p = e.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return p !== document.documentElement && p !== document.body; } return false; };
          return [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1 && !scrolls(e))
            .slice(0, 8)
            .map(e => `${e.tagName.toLowerCase()}${e.getAttribute('data-testid') ? '[' + e.getAttribute('data-testid') + ']' : ''}.${String(e.className?.baseVal ?? e.className).split(' ').slice(0, 2).join('.')} → ${Math.round(e.getBoundingClientRect().right)} px`)
            .join('; ');
        }
        """);

    private static string FlipFirstLetterCase(string address)
    {
        var chars = address.ToCharArray();
        for (var i = 2; i < chars.Length; i++)
        {
            if (char.IsAsciiLetter(chars[i]))
            {
                chars[i] = char.IsUpper(chars[i]) ? char.ToLowerInvariant(chars[i]) : char.ToUpperInvariant(chars[i]);
                return new string(chars);
            }
        }
        throw new InvalidOperationException("an address without letters");
    }

    public sealed class BlockSeen
    {
        public string Block { get; set; } = "";

        public bool Shown { get; set; }

        public bool Saved { get; set; }
    }
}
