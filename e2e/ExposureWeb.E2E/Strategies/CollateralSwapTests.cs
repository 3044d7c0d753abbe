using System.Globalization;
using System.Numerics;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Contracts.Messages;
using ExposureWeb.DevChain.Deployment;
using ExposureWeb.E2E.Alerts;
using Microsoft.Playwright;
using Nethereum.Contracts;

namespace ExposureWeb.E2E.Strategies;

/// <summary>
/// Issue 13, acceptance 4 through a collateral swap: a borrower with USDC as its only collateral and an empty wallet
/// signs in with the injected test wallet, saves a health-factor floor above its health factor, the page proposes moving
/// USDC collateral into WETH through Uniswap (the only fix: nothing to repay or supply with), the wallet signs the five
/// transactions in order over EIP-1193, and the Pool's health factor lands on the target within 1%.
/// </summary>
public sealed class CollateralSwapTests : IClassFixture<QuietChainAppFixture>
{
    // anvil dev account #3, not in the demo portfolio: its first sign-in makes it a portfolio of its own.
    private const string Borrower = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
    private const double Floor = 1.85;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly QuietChainAppFixture _fixture;

    public CollateralSwapTests(QuietChainAppFixture fixture)
    {
        _fixture = fixture;
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    [Fact]
    public async Task HealthFactorFloorBreach_WalletSignsProposedCollateralSwap_HealthFactorOnTargetWithinOnePercent()
    {
        var eth = new EthClient(new JsonRpcHttpClient(new Uri(_fixture.Chain.RpcUrls[0])));
        var pool = Address.Parse(_fixture.Chain.AaveV3!.Pool);
        await BorrowAsync(eth, pool);
        var before = await HealthFactorAsync(eth, pool);
        Assert.InRange(before, 1.8, Floor / 1.01);

        var page = await _fixture.NewWalletPageAsync(1280, 1000, Borrower);
        await _fixture.SignInAsync(page, Borrower);
        var portfolioId = int.Parse(new Uri(page.Url).Segments.Last().Trim('/'), CultureInfo.InvariantCulture);
        await page.GotoAsync(new Uri(_fixture.App.BaseUrl, $"/portfolios/{portfolioId}/strategies").ToString());
        await page.Locator("[data-testid=strategies-live][data-live=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await page.Locator("#strategy-name").FillAsync("HF floor by a collateral swap");
        await page.Locator("[data-testid=strategy-kind]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "HealthFactorFloor" }).ClickAsync();
        await page.Locator("#strategy-floor").FillAsync(Floor.ToString(CultureInfo.InvariantCulture));
        await page.Locator("#strategy-target").FillAsync(Floor.ToString(CultureInfo.InvariantCulture));
        await page.Locator("#strategy-target").PressAsync("Enter");
        var status = page.Locator("[data-testid=strategy-status]");
        await Assertions.Expect(status).ToHaveCountAsync(1);
        await Poll.UntilAsync(async () =>
        {
            await eth.RequestAsync<string>("evm_mine", []);
            return await status.GetAttributeAsync("data-breached") == "true";
        }, "the floor breached", Deadline);

        await page.Locator("[data-testid=show-proposal]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=proposal-instrument]")).ToContainTextAsync("USDC→WETH");
        var chosen = page.Locator("[data-testid=proposal-option][data-chosen=true]");
        await Assertions.Expect(chosen).ToHaveAttributeAsync("data-action", "swap collateral");
        await Assertions.Expect(chosen).ToContainTextAsync("between the withdrawal and the supply");
        await Assertions.Expect(page.Locator("[data-testid=proposal-option][data-action=repay]")).ToContainTextAsync("the wallet holds 0 USDC");
        await Assertions.Expect(page.Locator("[data-testid=proposal-cost]")).ToContainTextAsync("slippage and fee");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "strategy-collateral-swap.png"), FullPage = true });

        await page.Locator("[data-testid=sign-in-wallet]").ClickAsync();
        var signStatus = page.Locator("[data-testid=sign-status]");
        await Assertions.Expect(signStatus).ToContainTextAsync("mined in block", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=tx-hash]")).ToHaveCountAsync(5);
        var after = await HealthFactorAsync(eth, pool);
        Console.WriteLine($"health factor {before} → {after}");
        Assert.InRange(after, Floor, Floor * 1.01);

        await Poll.UntilAsync(async () =>
        {
            await eth.RequestAsync<string>("evm_mine", []);
            return (await signStatus.TextContentAsync() ?? "").Contains("every strategy within its limits", StringComparison.Ordinal);
        }, "the re-evaluation after the swap", Deadline);
        await Assertions.Expect(status).ToHaveAttributeAsync("data-breached", "false");
        await page.Context.DisposeAsync();
    }

    /// <summary>3 500 USDC supplied and 1 500 USDC borrowed (health factor 1.82), the borrowed USDC sent away: an empty wallet.</summary>
    private async Task BorrowAsync(EthClient eth, Address pool)
    {
        var usdc = Address.Parse(_fixture.Chain.Tokens.Single(t => t.Symbol == "USDC").Address);
        var borrower = Address.Parse(Borrower);
        BigInteger supplied = 3_500_000_000, borrowed = 1_500_000_000;
        await SendAsync(eth, Address.Parse(DemoMarket.Deployer), usdc, new MintFunction { To = Borrower, Amount = supplied }); // the deployer may mint
        await SendAsync(eth, borrower, usdc, new ApproveFunction { Spender = pool.ToString(), Value = supplied });
        await SendAsync(eth, borrower, pool, new SupplyFunction { Asset = usdc.ToString(), Amount = supplied, OnBehalfOf = Borrower });
        await SendAsync(eth, borrower, pool, new BorrowFunction { Asset = usdc.ToString(), Amount = borrowed, OnBehalfOf = Borrower });
        await SendAsync(eth, borrower, usdc, new TransferFunction { To = InjectedWallet.Account, Value = borrowed });
    }

    private static async Task SendAsync<TFunction>(EthClient eth, Address from, Address to, TFunction message) where TFunction : FunctionMessage, new()
    {
        var hash = await eth.SendTransactionAsync(from, to, message.GetCallData(), gas: 1_000_000);
        var receipt = await eth.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));
        Assert.True(receipt.Succeeded, $"{typeof(TFunction).Name} from {from} reverted");
    }

    private static async Task<double> HealthFactorAsync(EthClient eth, Address pool)
    {
        var data = await eth.CallAsync(pool, new GetUserAccountDataFunction { User = Borrower }.GetCallData(), BlockParameter.Latest);
        return (double)new BigInteger(data.AsSpan(160, 32), isUnsigned: true, isBigEndian: true) / 1e18;
    }
}
