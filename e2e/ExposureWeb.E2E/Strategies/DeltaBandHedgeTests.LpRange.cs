using Microsoft.Playwright;

namespace ExposureWeb.E2E.Strategies;

public sealed partial class DeltaBandHedgeTests
{
    /// <summary>
    /// The LP range policy in the browser: the trader's WBTC/WETH range is out of range, the page proposes withdrawing it,
    /// a quoted swap into the new range's ratio and a mint around the price; the wallet signs every transaction and the
    /// next block finds the policy held.
    /// </summary>
    [Fact]
    public async Task LpRangeBreach_WalletSignsProposedMove_NextBlockEveryPositionInRange()
    {
        var eth = new ExposureWeb.Chain.Rpc.EthClient(new ExposureWeb.Chain.Rpc.JsonRpcHttpClient(new Uri(_fixture.Chain.RpcUrls[0])));
        var (page, portfolioId) = await SignInAsTraderAsync();
        await page.GotoAsync(new Uri(_fixture.App.BaseUrl, $"/portfolios/{portfolioId}/strategies").ToString());
        await page.Locator("[data-testid=strategies-live][data-live=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await page.Locator("#strategy-name").FillAsync("LP in range");
        await page.Locator("[data-testid=strategy-kind]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "LpRange" }).ClickAsync();
        await page.Locator("#strategy-cap").FillAsync("0");
        await page.Locator("#strategy-cap").PressAsync("Enter");
        var row = page.Locator("[data-testid=strategies-table] tr").Filter(new() { HasText = "LP in range" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        var status = row.Locator("[data-testid=strategy-status]");
        await Poll.UntilAsync(async () =>
        {
            await eth.RequestAsync<string>("evm_mine", []);
            return await status.GetAttributeAsync("data-breached") == "true";
        }, "the LP policy breached", Deadline);

        await row.Locator("[data-testid=show-proposal]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=proposal-instrument]")).ToContainTextAsync("Uniswap v3 WBTC/WETH");
        await Assertions.Expect(page.Locator("[data-testid=proposal-summary]")).ToContainTextAsync("move position #");
        await Assertions.Expect(page.Locator("[data-testid=proposal-slippage]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "strategy-lp-proposal.png"), FullPage = true });

        await page.Locator("[data-testid=sign-in-wallet]").ClickAsync();
        var signStatus = page.Locator("[data-testid=sign-status]");
        await Assertions.Expect(signStatus).ToContainTextAsync("mined in block", new() { Timeout = 60_000 });
        await Poll.UntilAsync(async () =>
        {
            await eth.RequestAsync<string>("evm_mine", []);
            return await status.GetAttributeAsync("data-breached") == "false";
        }, "the re-evaluation after the move", Deadline);
        await Assertions.Expect(row.Locator("[data-testid=strategy-verdict]")).ToContainTextAsync("0 of 2 LP positions out of range");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "strategy-lp-moved.png"), FullPage = true });
        await page.Context.DisposeAsync();
    }
}
