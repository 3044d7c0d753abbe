using System.Numerics;
using System.Text.Json;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Adapters.Chainlink;
using ExposureWeb.Chain.Protocols.Chainlink;
using Nethereum.Contracts;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>
/// <see cref="ChainlinkPriceAdapter"/> against the demo feeds. Tests push answers and move the chain clock; each runs
/// between evm_snapshot and evm_revert, so every test sees the freshly deployed feeds.
/// </summary>
public sealed class ChainlinkPriceAdapterTests(DemoChain chain) : IsolatedDemoTests(chain)
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(60);

    /// <summary>10^30: bounds so wide the feed stores whatever is pushed, 0 and negatives included.</summary>
    private static readonly BigInteger Wide = BigInteger.Pow(10, 30);

    private async Task<(IReadOnlyDictionary<string, FeedQuote> Quotes, IReadOnlyList<string> Errors, BlockHeader Head)> ReadAsync(ChainProfile? profile = null)
    {
        profile ??= Chain.Profile;
        var head = await Chain.BlockAsync();
        var batch = new MulticallBatch();
        var adapter = new ChainlinkPriceAdapter(profile, batch, Margin);
        var results = await batch.ExecuteAsync(Chain.Eth, Chain.Multicall3, head.Number, CancellationToken.None);
        var (quotes, errors) = adapter.Read(results, head.Timestamp);
        return (quotes, errors, head);
    }

    /// <summary>The demo profile plus one feed "TEST" at <paramref name="feed"/>.</summary>
    private ChainProfile WithTestFeed(Address feed, int heartbeat = 3600)
    {
        var profile = Chain.CloneProfile();
        profile.PriceFeeds.Add(new PriceFeedProfile { Underlying = "TEST", Address = feed.ToString(), HeartbeatSeconds = heartbeat });
        return profile;
    }

    [Fact]
    public async Task Read_FreshDemoFeeds_InitialPricesScaledByEightDecimalsWithoutIssue()
    {
        var (quotes, errors, _) = await ReadAsync();

        Assert.Empty(errors);
        // DemoMarket initial prices; answers 3000e8, 60000e8, 1e8, 15e8 divided by 10^8.
        Assert.Equal(3_000.0, quotes["ETH"].Quote.PriceUsd);
        Assert.Equal(60_000.0, quotes["BTC"].Quote.PriceUsd);
        Assert.Equal(1.0, quotes["USDC"].Quote.PriceUsd);
        Assert.Equal(15.0, quotes["LINK"].Quote.PriceUsd);
        Assert.All(quotes.Values, q => Assert.Null(q.Quote.Issue));
        Assert.All(quotes.Values, q => Assert.True(q.Quote.IsUsable));
    }

    [Fact]
    public async Task Read_FreshEthFeed_UpdatedAtIsDeploymentBlockTimeAndStaleAfterAddsHeartbeatAndMargin()
    {
        var (_, _, updatedAt) = await Chain.LatestRoundAsync(Chain.Feed("ETH"));

        var (quotes, _, _) = await ReadAsync();

        var eth = quotes["ETH"];
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)updatedAt), eth.Quote.UpdatedAt);
        Assert.Equal(3600, eth.HeartbeatSeconds);
        // 3 600 s heartbeat + 60 s margin.
        Assert.Equal(eth.Quote.UpdatedAt.AddSeconds(3_660), eth.StaleAfter);
        // USDC's heartbeat is a day: 86 400 + 60.
        Assert.Equal(quotes["USDC"].Quote.UpdatedAt.AddSeconds(86_460), quotes["USDC"].StaleAfter);
    }

    [Fact]
    public async Task Read_PushedAnswer_PriceIsAnswerOverTenToTheEighth()
    {
        // 2 345.5 USD and 0.00012345 USD at 8 decimals.
        await Chain.PushAnswerAsync(Chain.Feed("ETH"), 234_550_000_000);
        await Chain.PushAnswerAsync(Chain.Feed("LINK"), 12_345);

        var (quotes, errors, _) = await ReadAsync();

        Assert.Empty(errors);
        Assert.Equal(2_345.5, quotes["ETH"].Quote.PriceUsd);
        Assert.Equal(0.00012345, quotes["LINK"].Quote.PriceUsd, precision: 15);
        Assert.Null(quotes["ETH"].Quote.Issue);
    }

    [Fact]
    public async Task UpdateAnswer_ZeroOnDemoFeed_IsStoredPinnedAtMinAnswerOfOne()
    {
        // The demo feeds are bounded like OCR aggregators: [1, 10^9 × 10^8]. A pushed 0 is stored as minAnswer = 1,
        // i.e. 10^-8 USD: the feed never reports ≤ 0, it reports the floor.
        var feed = Chain.Feed("ETH");
        var before = (await Chain.LatestRoundAsync(feed)).Round;
        await Chain.PushAnswerAsync(feed, BigInteger.Zero);

        var round = await Chain.LatestRoundAsync(feed);
        var min = SpanAbiDecoder.Decode<AnswerBoundOutput>(await Chain.Eth.CallAsync(feed, new MinAnswerFunction().GetCallData(), BlockParameter.Latest)).Bound;
        var (quotes, _, _) = await ReadAsync();

        Assert.Equal(BigInteger.One, min);
        Assert.Equal(BigInteger.One, round.Answer);
        Assert.Equal(before + 1, round.Round);
        Assert.Equal(1e-8, quotes["ETH"].Quote.PriceUsd);
    }

    [Fact]
    public async Task UpdateAnswer_AboveMaxAnswer_IsStoredPinnedAtMaxAnswer()
    {
        // maxAnswer = 10^9 USD × 10^8 = 10^17; push 2 × 10^17 (2 billion USD).
        var feed = Chain.Feed("BTC");
        await Chain.PushAnswerAsync(feed, 2 * BigInteger.Pow(10, 17));

        var round = await Chain.LatestRoundAsync(feed);
        var max = SpanAbiDecoder.Decode<AnswerBoundOutput>(await Chain.Eth.CallAsync(feed, new MaxAnswerFunction().GetCallData(), BlockParameter.Latest)).Bound;
        var (quotes, _, _) = await ReadAsync();

        Assert.Equal(BigInteger.Pow(10, 17), max);
        Assert.Equal(BigInteger.Pow(10, 17), round.Answer);
        Assert.Equal(1e9, quotes["BTC"].Quote.PriceUsd);
    }

    [Fact]
    public async Task Read_AnswerZero_IssueSaysNotPositiveAndQuoteUnusable()
    {
        var feed = await Chain.DeployFeedAsync("TEST / USD", -Wide, Wide, 100_000_000);
        await Chain.PushAnswerAsync(feed, BigInteger.Zero);

        var (quotes, errors, _) = await ReadAsync(WithTestFeed(feed));

        Assert.Empty(errors);
        var quote = quotes["TEST"].Quote;
        Assert.Equal("invalid answer 0 (≤ 0)", quote.Issue);
        Assert.Equal(0.0, quote.PriceUsd);
        Assert.False(quote.IsUsable);
    }

    [Fact]
    public async Task Read_AnswerNegative_IssueSaysNotPositiveAndQuoteUnusable()
    {
        var feed = await Chain.DeployFeedAsync("TEST / USD", -Wide, Wide, 100_000_000);
        // −5 USD at 8 decimals.
        await Chain.PushAnswerAsync(feed, -500_000_000);

        var (quotes, _, _) = await ReadAsync(WithTestFeed(feed));

        var quote = quotes["TEST"].Quote;
        Assert.Equal("invalid answer -500000000 (≤ 0)", quote.Issue);
        Assert.Contains("≤ 0", quote.Issue, StringComparison.Ordinal);
        Assert.False(quote.IsUsable);
        // The other feeds are unaffected.
        Assert.True(quotes["ETH"].Quote.IsUsable);
    }

    [Fact]
    public async Task Read_ClockPastHourlyHeartbeatPlusMargin_HourlyFeedsStaleDailyFeedFresh()
    {
        // 3 600 s heartbeat + 60 s margin + 1 s: every hourly feed is past StaleAfter; USDC (86 400 s) is not.
        await Chain.AdvanceTimeAsync(TimeSpan.FromSeconds(3_661));

        var (quotes, errors, head) = await ReadAsync();

        Assert.Empty(errors);
        foreach (var underlying in new[] { "ETH", "BTC", "LINK" })
        {
            var quote = quotes[underlying].Quote;
            Assert.StartsWith("stale", quote.Issue, StringComparison.Ordinal);
            Assert.EndsWith("heartbeat 3600 s", quote.Issue, StringComparison.Ordinal);
            Assert.False(quote.IsUsable);
            Assert.True(head.Timestamp > quotes[underlying].StaleAfter);
        }
        Assert.Null(quotes["USDC"].Quote.Issue);
        // A stale price is still reported, with its issue.
        Assert.Equal(3_000.0, quotes["ETH"].Quote.PriceUsd);
    }

    [Fact]
    public async Task Read_ClockPastDailyHeartbeatPlusMargin_AllFeedsStale()
    {
        // 86 400 + 60 + 1 s.
        await Chain.AdvanceTimeAsync(TimeSpan.FromSeconds(86_461));

        var (quotes, _, _) = await ReadAsync();

        Assert.All(quotes.Values, q => Assert.StartsWith("stale", q.Quote.Issue, StringComparison.Ordinal));
        Assert.EndsWith("heartbeat 86400 s", quotes["USDC"].Quote.Issue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_BlockExactlyAtStaleAfter_NotStaleOneSecondLaterStale()
    {
        var (_, _, updatedAt) = await Chain.LatestRoundAsync(Chain.Feed("ETH"));
        // updatedAt + 3 600 + 60 is the last fresh second; stale means strictly later.
        await SetNextBlockTimeAndMineAsync(updatedAt + 3_660);
        var (atBound, _, headAtBound) = await ReadAsync();
        await SetNextBlockTimeAndMineAsync(updatedAt + 3_661);
        var (past, _, headPast) = await ReadAsync();

        Assert.Equal(updatedAt + 3_660, new BigInteger(headAtBound.Timestamp.ToUnixTimeSeconds()));
        Assert.Null(atBound["ETH"].Quote.Issue);
        Assert.Equal(updatedAt + 3_661, new BigInteger(headPast.Timestamp.ToUnixTimeSeconds()));
        Assert.StartsWith("stale", past["ETH"].Quote.Issue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_StaleFeedUpdatedAgain_IssueClears()
    {
        await Chain.AdvanceTimeAsync(TimeSpan.FromSeconds(3_661));
        await Chain.PushAnswerAsync(Chain.Feed("ETH"), 310_000_000_000);

        var (quotes, _, _) = await ReadAsync();

        Assert.Null(quotes["ETH"].Quote.Issue);
        Assert.Equal(3_100.0, quotes["ETH"].Quote.PriceUsd);
        Assert.StartsWith("stale", quotes["BTC"].Quote.Issue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_FeedAddressIsAToken_ErrorNamesFeedAndNoQuote()
    {
        // DemoToken has no latestRoundData() (bare revert); its decimals() would answer 18.
        var token = Chain.Token("WETH");
        var (quotes, errors, _) = await ReadAsync(WithTestFeed(token));

        Assert.Equal([$"TEST/USD feed {token}: reverted without a reason"], errors);
        Assert.False(quotes.ContainsKey("TEST"));
        Assert.Equal(4, quotes.Count);
    }

    [Fact]
    public async Task Read_FeedAddressWithoutCode_ReportsErrorInsteadOfThrowing()
    {
        // Both calls "succeed" with empty return data at an address without code.
        var ghost = Address.Parse("0x000000000000000000000000000000000000dEaD");

        var (quotes, errors, _) = await ReadAsync(WithTestFeed(ghost));

        var error = Assert.Single(errors);
        Assert.StartsWith($"TEST/USD feed {ghost}", error, StringComparison.Ordinal);
        Assert.Contains("no data", error, StringComparison.Ordinal);
        Assert.False(quotes.ContainsKey("TEST"));
        Assert.Equal(4, quotes.Count);
    }

    private async Task SetNextBlockTimeAndMineAsync(BigInteger unixSeconds)
    {
        await Chain.Eth.RequestAsync<JsonElement>("evm_setNextBlockTimestamp", [(long)unixSeconds]);
        await Chain.Eth.RequestAsync<JsonElement>("evm_mine", []);
    }
}
