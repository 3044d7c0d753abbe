using System.Globalization;
using System.Numerics;
using System.Text.Json;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Chainlink;
using ExposureWeb.Chain.Rpc;
using Microsoft.Playwright;
using Nethereum.Contracts;

namespace ExposureWeb.E2E;

/// <summary>The app with the market simulator off: the test alone moves the chain, so one feed can be left stale.</summary>
public sealed class QuietMarketFixture : LiveAppFixture
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["DevChain:TickSeconds"] = "0" };
}

/// <summary>Acceptance 1 of issue 16: totals that exclude an unpriced asset say so, quantities stay whole.</summary>
public sealed class PartialTotalsTests(QuietMarketFixture fixture) : IClassFixture<QuietMarketFixture>
{
    /// <summary>anvil dev account #3: an outsider who pokes the feeds.</summary>
    private static readonly Address Pusher = Address.Parse("0x90F79bf6EB2c4f870365E785982E1f101E93b906");

    /// <summary>Each summary figure's partial note, by the name of its reason list in the API's <c>partial</c>.</summary>
    private static readonly (string Api, string TestId)[] Figures =
    [
        ("netUsdDelta", "net-usd-delta-partial"),
        ("greeks", "net-gamma-partial"),
        ("greeks", "net-vega-partial"),
        ("greeks", "net-theta-partial"),
        ("minHealthFactor", "min-health-partial"),
        ("nearestLiquidation", "nearest-liquidation-partial"),
        ("valueUsd", "portfolio-value-partial"),
    ];

    [Fact]
    public async Task PortfolioPage_EthFeedStale_EveryTotalLeavingItOutSaysPartialWhyUnitsUnchangedHealthShown()
    {
        using var rpc = new JsonRpcHttpClient(new Uri(fixture.Chain.RpcUrls[0]));
        var eth = new EthClient(rpc);
        // Nothing mines with the simulator off: an empty block has the engine read the portfolio.
        await eth.RequestAsync<JsonElement>("evm_mine", []);
        var page = await fixture.OpenDemoPortfolioAsync();
        var id = int.Parse(page.Url.Split('/').Last(), CultureInfo.InvariantCulture);
        var unitsBefore = await Poll.UntilAsync(() => UnitsAsync(page, "ETH"), u => u is > 0, "ETH net delta on screen", TimeSpan.FromSeconds(60));
        Assert.False((await ExposureAsync(page, id)).GetProperty("partial").GetProperty("isPartial").GetBoolean(), "partial before any feed is flagged");
        await Assertions.Expect(page.Locator("[data-testid$=-partial]")).ToHaveCountAsync(0);

        // ETH alone goes stale: the chain clock moves past its heartbeat (3,600 s) and the engine's 60 s margin, then
        // every other feed answers again at its own price (each in its own block; USDC's heartbeat is a day).
        await eth.RequestAsync<JsonElement>("evm_increaseTime", [3600 + 60 + 300]);
        foreach (var feed in fixture.Chain.PriceFeeds.Where(f => f.Underlying != "ETH"))
        {
            var address = Address.Parse(feed.Address);
            var answer = LatestAnswer(await eth.CallAsync(address, new LatestRoundDataFunction().GetCallData(), default));
            var tx = await eth.SendTransactionAsync(Pusher, address, new UpdateAnswerFunction { Answer = answer }.GetCallData());
            Assert.True((await eth.WaitForReceiptAsync(tx)).Succeeded, $"{feed.Underlying} feed refresh reverted");
        }

        await Assertions.Expect(page.Locator("[data-testid=stale-ETH]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var netDelta = page.Locator("[data-testid=net-usd-delta-partial]");
        await Assertions.Expect(netDelta).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(netDelta).ToContainTextAsync("partial:");
        await Assertions.Expect(netDelta).ToContainTextAsync("ETH unpriced — stale");
        await Assertions.Expect(page.Locator("[data-testid=portfolio-value-partial]")).ToContainTextAsync("ETH unpriced — stale");
        try
        {
            // The API says which totals are partial and why; the page says the same on each of them, and nothing on the others.
            var partial = (await ExposureAsync(page, id)).GetProperty("partial");
            Assert.True(partial.GetProperty("isPartial").GetBoolean());
            Assert.Contains(partial.GetProperty("netUsdDelta").EnumerateArray(), r => r.GetString()!.StartsWith("ETH unpriced — stale", StringComparison.Ordinal));
            foreach (var (api, testId) in Figures)
            {
                var reasons = partial.GetProperty(api).EnumerateArray().Select(r => r.GetString()!).ToList();
                var note = page.Locator($"[data-testid={testId}]");
                if (reasons.Count == 0)
                {
                    await Assertions.Expect(note).ToHaveCountAsync(0);
                    continue;
                }
                foreach (var reason in reasons) await Assertions.Expect(note).ToContainTextAsync(reason);
            }
            // The ETH row: its USD figure says why it is missing; its quantity needs no price and stays whole.
            await Assertions.Expect(page.Locator("[data-testid=usd-delta-ETH-partial]")).ToContainTextAsync("ETH unpriced — stale");
            await Assertions.Expect(page.Locator("[data-testid=quantity-ETH-partial]")).ToHaveCountAsync(0);
            var unitsAfter = await UnitsAsync(page, "ETH");
            // An hour of Aave interest and of option time decay moves it a little; dropping any holding moves it a lot.
            Assert.Equal(unitsBefore!.Value, unitsAfter!.Value, Math.Abs(unitsBefore.Value) * 1e-3);
            // The health factor is Aave's own: an ETH price we cannot use does not blank it.
            Assert.Matches(@"^\d+\.\d{3}$", (await page.Locator("[data-testid=min-health]").InnerTextAsync()).Trim());
            await Assertions.Expect(page.Locator("[data-testid=min-health-partial]")).ToHaveCountAsync(0);
        }
        finally
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "portfolio-eth-stale-partial.png"), FullPage = true });
        }
    }

    private static async Task<double?> UnitsAsync(IPage page, string underlying)
    {
        var text = await page.Locator($"[data-testid=quantity-{underlying}]").InnerTextAsync(new() { Timeout = 2000 });
        var number = text.Replace(underlying, "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Replace("−", "-", StringComparison.Ordinal).Trim();
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var units) ? units : null;
    }

    /// <summary>The portfolio's exposure from the REST API, with the page's own session.</summary>
    private static async Task<JsonElement> ExposureAsync(IPage page, int id)
    {
        var response = await page.Context.APIRequest.GetAsync($"/api/portfolios/{id}/exposure".Insert(0, new Uri(page.Url).GetLeftPart(UriPartial.Authority)));
        Assert.True(response.Ok, $"GET exposure answered {response.Status}: {await response.TextAsync()}");
        return JsonDocument.Parse(await response.TextAsync()).RootElement.Clone();
    }

    /// <summary>latestRoundData's answer: the second 32-byte word, a signed int256.</summary>
    private static BigInteger LatestAnswer(byte[] output) => new(output.AsSpan(32, 32), isUnsigned: false, isBigEndian: true);
}
