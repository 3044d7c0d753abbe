using System.Text;
using Microsoft.Playwright;

namespace ExposureWeb.E2E;

/// <summary>Manual positions in Chromium against the real app: typed with the keyboard, imported from CSV.</summary>
public sealed class ManualPositionsTests(LiveAppFixture fixture) : IClassFixture<LiveAppFixture>
{
    private const string Header = "kind,label,underlying,quantity,entry_price_usd,strike,expiry,right,cash_usd";

    private static ILocator Rows(IPage page) => page.Locator("[data-testid=manual-table] tbody tr:has([data-testid=manual-delete])");

    [Fact]
    public async Task ManualPositions_KeyboardAddThenBadAndGoodCsv_RowsAndLineNumberedErrorsShown()
    {
        var page = await OpenManualPositionsAsync();
        try
        {
            await Assertions.Expect(page.Locator("[data-testid=manual-empty]")).ToBeVisibleAsync();

            // Inline messages while typing, option fields once the kind (before the underlying) is switched with the arrow keys, Escape closes without saving.
            var underlying = page.GetByLabel("Underlying");
            for (var attempt = 1; ; attempt++)
            {
                await page.Locator("[data-testid=manual-add]").FocusAsync();
                await page.Keyboard.PressAsync("Enter");
                try
                {
                    await underlying.WaitForAsync(new() { Timeout = 5_000 });
                    break;
                }
                catch (TimeoutException) when (attempt < 3)
                {
                    // The button focused was the prerendered one, replaced by the interactive render just after: focus the live one.
                }
            }
            await Assertions.Expect(underlying).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("BTC");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync("abc");
            var form = page.Locator("[data-testid=manual-form]");
            await Assertions.Expect(form).ToContainTextAsync("quantity 'abc' is not a number");
            await Assertions.Expect(page.GetByLabel("Strike (USD)")).ToHaveCountAsync(0);
            await page.Keyboard.PressAsync("Shift+Tab");
            await page.Keyboard.PressAsync("Shift+Tab");
            await page.Keyboard.PressAsync("ArrowRight");
            await Assertions.Expect(page.GetByLabel("Strike (USD)")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByLabel("Expiry (UTC)")).ToBeVisibleAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(form).ToContainTextAsync("strike is missing");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "manual-positions-form.png"), FullPage = true });
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(form).ToHaveCountAsync(0);

            // Enter on the Cancel button cancels, even with a valid form.
            await page.Locator("[data-testid=manual-add]").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(underlying).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("BTC\t1\t50000");
            await page.Locator("[data-testid=manual-cancel]").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(form).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("[data-testid=manual-empty]")).ToBeVisibleAsync();

            // A short ETH perp, typed: the form opens on the underlying, Tab walks the fields in reading order, Enter saves.
            await page.Locator("[data-testid=manual-add]").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(underlying).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("eth");
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(page.GetByLabel("Quantity (units)")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("-2.5");
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(page.GetByLabel("Entry price (USD)")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("3150.5");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(page.GetByLabel("Label (optional)")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("Binance ETH short");
            await page.Keyboard.PressAsync("Enter");

            await Assertions.Expect(form).ToHaveCountAsync(0);
            await Assertions.Expect(Rows(page)).ToHaveCountAsync(1);
            var perp = Rows(page).First;
            await Assertions.Expect(perp).ToContainTextAsync("perp");
            await Assertions.Expect(perp.Locator("[data-testid=manual-quantity-cell]")).ToHaveTextAsync("−2.5 ETH (short)");
            await Assertions.Expect(perp).ToContainTextAsync("$3,150.50");
            await Assertions.Expect(perp).ToContainTextAsync("Binance ETH short");

            // A file with one bad line: the error names the line, and nothing of the file is saved.
            await UploadAsync(page, "hedges-bad.csv",
                Header,
                "spot,Kraken BTC,BTC,0.75,,,,,",
                "perp,Bybit LINK short,LINK,-100,,,,,",
                "option,Deribit put,BTC,-1,,90000,2027-03-26T08:00:00Z,put,");
            var errors = page.Locator("[data-testid=import-error]");
            await Assertions.Expect(errors).ToHaveCountAsync(1);
            await Assertions.Expect(errors.First).ToHaveTextAsync(
                "line 3: entry_price_usd is missing: a perp needs its average entry price in USD per unit of LINK, e.g. 3150.5.");
            await Assertions.Expect(page.Locator("[data-testid=import-errors]")).ToContainTextAsync("hedges-bad.csv was not imported: nothing was saved.");
            await Assertions.Expect(Rows(page)).ToHaveCountAsync(1);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "manual-positions-import-error.png"), FullPage = true });

            // The fixed file: all of it lands, the errors go, a snackbar counts the rows.
            await UploadAsync(page, "hedges.csv",
                Header,
                "spot,Kraken BTC,BTC,0.75,,,,,",
                "perp,\"Bybit, LINK short\",LINK,-100,14.2,,,,",
                "option,Deribit put,BTC,-1,,90000,2027-03-26T08:00:00Z,put,");
            await Assertions.Expect(page.Locator(".mud-snackbar").Filter(new() { HasText = "Imported 3 manual positions from hedges.csv." })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=import-errors]")).ToHaveCountAsync(0);
            await Assertions.Expect(Rows(page)).ToHaveCountAsync(4);
            await Assertions.Expect(Rows(page).Filter(new() { HasText = "Bybit, LINK short" })).ToContainTextAsync("−100 LINK (short)");
            await Assertions.Expect(Rows(page).Filter(new() { HasText = "Deribit put" })).ToContainTextAsync("put $90,000.00 · 2027-03-26 08:00 UTC");
            await Assertions.Expect(Rows(page).Filter(new() { HasText = "Kraken BTC" })).ToContainTextAsync("0.75 BTC (long)");

            // Stored, not just drawn: a reload shows the same rows.
            await page.ReloadAsync();
            await page.Locator("[data-testid=interactive][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Assertions.Expect(Rows(page)).ToHaveCountAsync(4);

            // Edit: the form opens with the stored values; a new quantity replaces the old one.
            var eth = Rows(page).Filter(new() { HasText = "Binance ETH short" });
            await eth.Locator("[data-testid=manual-edit]").ClickAsync();
            await Assertions.Expect(page.GetByLabel("Entry price (USD)")).ToHaveValueAsync("3150.5");
            await page.GetByLabel("Quantity (units)").FillAsync("-3");
            await page.GetByLabel("Quantity (units)").PressAsync("Enter");
            await Assertions.Expect(eth.Locator("[data-testid=manual-quantity-cell]")).ToHaveTextAsync("−3 ETH (short)");

            // Delete asks first; cancelling keeps the row, confirming removes it.
            var link = Rows(page).Filter(new() { HasText = "Bybit, LINK short" });
            await link.Locator("[data-testid=manual-delete]").ClickAsync();
            var dialog = page.Locator(".mud-dialog");
            await Assertions.Expect(dialog).ToContainTextAsync("perp −100 LINK (Bybit, LINK short) will be removed");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
            await Assertions.Expect(dialog).ToHaveCountAsync(0);
            await Assertions.Expect(Rows(page)).ToHaveCountAsync(4);
            await link.Locator("[data-testid=manual-delete]").ClickAsync();
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
            await Assertions.Expect(Rows(page)).ToHaveCountAsync(3);
            await Assertions.Expect(link).ToHaveCountAsync(0);
        }
        finally
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "manual-positions.png"), FullPage = true });
            await page.CloseAsync();
        }
    }

    private async Task<IPage> OpenManualPositionsAsync()
    {
        // The signed-in user's own portfolio (the demo one is view-only for users).
        var page = await fixture.NewWalletPageAsync(1280, 900);
        await fixture.SignInAsync(page);
        var id = new Uri(page.Url).AbsolutePath.Split('/')[2];
        await page.GotoAsync(new Uri(fixture.App.BaseUrl, $"/portfolios/{id}/manual").ToString());
        await page.Locator("[data-testid=interactive][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return page;
    }

    private static Task UploadAsync(IPage page, string name, params string[] lines) =>
        page.Locator("[data-testid=manual-positions] input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = name,
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n"),
        });
}
