using System.Globalization;
using System.Text;
using Microsoft.Playwright;

namespace ExposureWeb.E2E;

/// <summary>CSV files of manual positions on the demo's priced underlyings, for the browser tests and the LiveBench.</summary>
public static class ManualPositionsCsv
{
    /// <summary>
    /// Chooses <paramref name="csv"/> in the manual positions panel's import, once Blazor has wired the file input (its
    /// InputFile marks the element when its change handler is attached; a file chosen before that is silently lost).
    /// </summary>
    public static async Task UploadAsync(IPage page, string name, string csv)
    {
        const string input = "[data-testid=manual-positions] input[type=file]";
        await page.WaitForFunctionAsync($"() => document.querySelector('{input}')?._blazorInputFileNextFileId !== undefined");
        await page.Locator(input).SetInputFilesAsync(new FilePayload { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
    }

    public const string Header = "kind,label,underlying,quantity,entry_price_usd,strike,expiry,right,cash_usd";

    /// <summary>
    /// <paramref name="rows"/> positions: a quarter each ETH perps, BTC spot, ETH calls and LINK perps, with quantities and
    /// prices that vary by line so no two rows are the same.
    /// </summary>
    public static string Mixed(int rows)
    {
        var csv = new StringBuilder(Header).Append("\r\n");
        for (int i = 0; i < rows; i++)
        {
            // Integers and the invariant q only: the interpolations below are culture-neutral.
            var q = (1 + i % 17 / 10.0).ToString(CultureInfo.InvariantCulture);
            csv.Append((i % 4) switch
            {
                0 => $"perp,eth perp {i},ETH,-{q},{3000 + i % 500},,,,1000\r\n",
                1 => $"spot,btc {i},BTC,{q},,,,,\r\n",
                2 => $"option,eth call {i},ETH,{q},,{2500 + i % 40 * 50},2027-06-25T08:00:00Z,call,\r\n",
                _ => $"perp,link perp {i},LINK,{q}0,{14 + i % 9},,,,200\r\n",
            });
        }
        return csv.ToString();
    }
}
