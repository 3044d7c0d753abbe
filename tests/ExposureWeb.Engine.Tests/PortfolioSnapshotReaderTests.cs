using System.Numerics;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Engine.Reading;
using ExposureWeb.Engine.Snapshots;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ExposureWeb.Engine.Tests;

/// <summary><see cref="PortfolioSnapshotReader"/> against the demo market on a real anvil.</summary>
public sealed class PortfolioSnapshotReaderTests(DemoChain chain) : IsolatedDemoTests(chain)
{
    private const double Tolerance = 1e-9;

    private static readonly AbiFunction Mint = AbiFunction.Parse("mint(address,uint256)");

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2030-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture));

    private static readonly WatchedPortfolio Demo = new(1, "Demo portfolio", "local", [DemoChain.Trader, DemoChain.Treasury]);

    /// <summary>10^30: bounds so wide the test feed stores whatever is pushed, 0 and negatives included.</summary>
    private static readonly BigInteger Wide = BigInteger.Pow(10, 30);

    private async Task<(ExposureSnapshot Snapshot, BlockHeader Head)> ReadAsync(ChainProfile? profile = null, WatchedPortfolio? portfolio = null, BlockHeader? head = null)
    {
        head ??= await Chain.BlockAsync();
        var reader = new PortfolioSnapshotReader(_time, Options.Create(new EngineOptions()));
        var snapshot = await reader.ReadAsync(Chain.Eth, profile ?? Chain.Profile, portfolio ?? Demo, head, CancellationToken.None);
        return (snapshot, head);
    }

    private static AssetExposureRow Row(ExposureSnapshot snapshot, string underlying) => Assert.Single(snapshot.Assets, a => a.Underlying == underlying);

    private static void AssertPriced(AssetExposureRow row, double quantity, double price)
    {
        Assert.Equal(quantity, row.Quantity, Tolerance);
        Assert.Equal(price, row.PriceUsd);
        Assert.NotNull(row.UsdDelta);
        Assert.Equal(quantity * price, row.UsdDelta.Value, 1e-6);
        Assert.Null(row.PriceIssue);
    }

    /// <summary>The demo profile with the feed of <paramref name="underlying"/> replaced by <paramref name="feed"/>.</summary>
    private ChainProfile WithFeed(string underlying, Address feed)
    {
        var profile = Chain.CloneProfile();
        profile.PriceFeeds.Single(f => f.Underlying == underlying).Address = feed.ToString();
        return profile;
    }

    [Fact]
    public async Task ReadAsync_DemoWallets_OneRowPerUnderlyingAtInitialPrices()
    {
        var (snapshot, _) = await ReadAsync();

        Assert.Empty(snapshot.Errors);
        Assert.Equal(["BTC", "ETH", "LINK", "USDC"], snapshot.Assets.Select(a => a.Underlying).Order(StringComparer.Ordinal));
        // ETH nets WETH (12.5 + 3) and native ether (42.5 + 7.25) of both wallets.
        AssertPriced(Row(snapshot, "ETH"), 65.25, 3_000);
        AssertPriced(Row(snapshot, "BTC"), 2.85, 60_000);
        AssertPriced(Row(snapshot, "USDC"), 175_000, 1);
        AssertPriced(Row(snapshot, "LINK"), 1_500, 15);
        Assert.Equal(195_750, Row(snapshot, "ETH").UsdDelta!.Value, 1e-6);
        Assert.Equal(171_000, Row(snapshot, "BTC").UsdDelta!.Value, 1e-6);
        Assert.Equal(22_500, Row(snapshot, "LINK").UsdDelta!.Value, 1e-6);
    }

    [Fact]
    public async Task ReadAsync_DemoWallets_HoldingsNameEveryTokenNettedIn()
    {
        var (snapshot, _) = await ReadAsync();

        Assert.Equal("ETH + WETH", Row(snapshot, "ETH").Holdings);
        Assert.Equal("WBTC", Row(snapshot, "BTC").Holdings);
        Assert.Equal("USDC", Row(snapshot, "USDC").Holdings);
        Assert.Equal("LINK", Row(snapshot, "LINK").Holdings);
    }

    [Fact]
    public async Task ReadAsync_DemoWallets_NetUsdDeltaIsSumOfRowsAndRowsOrderedByUsdDelta()
    {
        var (snapshot, _) = await ReadAsync();

        // 195 750 + 171 000 + 175 000 + 22 500.
        Assert.Equal(564_250, snapshot.NetUsdDelta, 1e-6);
        Assert.Equal(snapshot.Assets.Sum(a => a.UsdDelta!.Value), snapshot.NetUsdDelta);
        Assert.Equal(["ETH", "USDC", "BTC", "LINK"], snapshot.Assets.Select(a => a.Underlying));
    }

    [Fact]
    public async Task ReadAsync_AnyHead_SnapshotCarriesTheHeadsNumberHashTimeAndTheClocksNow()
    {
        var (snapshot, head) = await ReadAsync();

        Assert.Equal(Demo.Id, snapshot.PortfolioId);
        Assert.Equal("local", snapshot.ChainName);
        Assert.Equal(head.Number, snapshot.BlockNumber);
        Assert.Equal(head.Hash, snapshot.BlockHash);
        Assert.Equal(head.Timestamp, snapshot.BlockTime);
        Assert.Equal(_time.GetUtcNow(), snapshot.ComputedAt);
    }

    [Fact]
    public async Task ReadAsync_OlderHeadAfterAMint_ReadsTheStateOfThatBlock()
    {
        var before = await Chain.BlockAsync();
        // The deployer (who pays the gas) mints the trader 10 WETH: at the new head the portfolio holds 10 ETH more.
        await Chain.SendAsync(DemoChain.Deployer, Chain.Token("WETH"), Mint.EncodeCall(DemoChain.Trader, 10 * BigInteger.Pow(10, 18)));

        var (pinned, _) = await ReadAsync(head: before);
        var (latest, head) = await ReadAsync();

        Assert.Equal(before.Number + 1, head.Number);
        Assert.Equal(65.25, Row(pinned, "ETH").Quantity, Tolerance);
        Assert.Equal(75.25, Row(latest, "ETH").Quantity, Tolerance);
        Assert.Equal(before.Number, pinned.BlockNumber);
    }

    [Fact]
    public async Task ReadAsync_AddressHoldingNothing_NoRowsAndNoErrors()
    {
        var empty = new WatchedPortfolio(2, "Empty", "local", [Address.Parse("0x1111111111111111111111111111111111111111")]);

        var (snapshot, head) = await ReadAsync(portfolio: empty);

        Assert.Empty(snapshot.Assets);
        Assert.Empty(snapshot.Errors);
        Assert.Equal(0, snapshot.NetUsdDelta);
        Assert.Equal(head.Number, snapshot.BlockNumber);
    }

    [Fact]
    public async Task ReadAsync_PortfolioWithoutAddresses_NoRowsAndNoErrors()
    {
        var (snapshot, _) = await ReadAsync(portfolio: new WatchedPortfolio(3, "None", "local", []));

        Assert.Empty(snapshot.Assets);
        Assert.Empty(snapshot.Errors);
    }

    [Theory]
    [InlineData(0, "invalid answer 0 (≤ 0)")]
    [InlineData(-500_000_000, "invalid answer -500000000 (≤ 0)")]
    public async Task ReadAsync_FeedAnswerNotPositive_RowCarriesIssueWithoutUsdAndOthersStillPriced(long answer, string issue)
    {
        var feed = await Chain.DeployFeedAsync("LINK / USD (test)", -Wide, Wide, 15 * DemoChain.FeedScale);
        await Chain.PushAnswerAsync(feed, answer);

        var (snapshot, head) = await ReadAsync(WithFeed("LINK", feed));

        Assert.Empty(snapshot.Errors);
        var link = Row(snapshot, "LINK");
        Assert.Equal(issue, link.PriceIssue);
        Assert.Equal(1_500, link.Quantity, Tolerance);
        Assert.Null(link.PriceUsd);
        Assert.Null(link.UsdDelta);
        Assert.True(link.IsStale(head.Timestamp));
        Assert.True(link.IsStale(DateTimeOffset.UtcNow));
        // The unpriced row goes last and counts for nothing in the net; the others are untouched.
        Assert.Equal("LINK", snapshot.Assets[^1].Underlying);
        AssertPriced(Row(snapshot, "ETH"), 65.25, 3_000);
        AssertPriced(Row(snapshot, "BTC"), 2.85, 60_000);
        AssertPriced(Row(snapshot, "USDC"), 175_000, 1);
        Assert.Equal(541_750, snapshot.NetUsdDelta, 1e-6);
    }

    [Fact]
    public async Task ReadAsync_FeedOlderThanHeartbeatPlusMargin_RowStaleWithoutUsdAndFreshOnesPriced()
    {
        // Two hours on: every 1 h feed is stale. ETH, BTC and USDC report again (same prices); LINK stays silent.
        await Chain.AdvanceTimeAsync(TimeSpan.FromHours(2));
        await Chain.PushAnswerAsync(Chain.Feed("ETH"), 3_000 * DemoChain.FeedScale);
        await Chain.PushAnswerAsync(Chain.Feed("BTC"), 60_000 * DemoChain.FeedScale);
        await Chain.PushAnswerAsync(Chain.Feed("USDC"), DemoChain.FeedScale);

        var (snapshot, head) = await ReadAsync();

        var link = Row(snapshot, "LINK");
        Assert.NotNull(link.PriceIssue);
        Assert.StartsWith("stale: updated 2 h before the block", link.PriceIssue, StringComparison.Ordinal);
        Assert.Null(link.PriceUsd);
        Assert.Null(link.UsdDelta);
        Assert.True(link.IsStale(head.Timestamp));
        Assert.True(head.Timestamp > link.StaleAfter);
        foreach (var (underlying, quantity, price) in new[] { ("ETH", 65.25, 3_000.0), ("BTC", 2.85, 60_000.0), ("USDC", 175_000.0, 1.0) })
        {
            var row = Row(snapshot, underlying);
            AssertPriced(row, quantity, price);
            Assert.False(row.IsStale(head.Timestamp), $"{underlying} is stale at the block");
        }
    }

    [Fact]
    public async Task ReadAsync_FreshFeed_StaleAfterIsUpdatedAtPlusHeartbeatPlusMarginAndIsStaleTurnsThen()
    {
        var (snapshot, _) = await ReadAsync();

        var eth = Row(snapshot, "ETH");
        Assert.NotNull(eth.OracleUpdatedAt);
        Assert.Equal(3600, eth.HeartbeatSeconds);
        // Heartbeat 3 600 s + EngineOptions.StaleMarginSeconds 60 s.
        Assert.Equal(eth.OracleUpdatedAt.Value.AddSeconds(3_660), eth.StaleAfter);
        Assert.False(eth.IsStale(eth.StaleAfter!.Value));
        Assert.True(eth.IsStale(eth.StaleAfter.Value.AddSeconds(1)));
        Assert.Equal(86_400, Row(snapshot, "USDC").HeartbeatSeconds);
    }

    [Fact]
    public async Task ReadAsync_NoFeedForAnUnderlying_RowSaysSoWithoutPrice()
    {
        var profile = Chain.CloneProfile();
        profile.PriceFeeds.RemoveAll(f => f.Underlying == "LINK");

        var (snapshot, _) = await ReadAsync(profile);

        var link = Row(snapshot, "LINK");
        Assert.Equal("no price feed for LINK in chain profile 'local'", link.PriceIssue);
        Assert.Null(link.UsdDelta);
        Assert.Null(link.StaleAfter);
        Assert.True(link.IsStale(DateTimeOffset.MinValue));
        Assert.Equal(564_250 - 22_500, snapshot.NetUsdDelta, 1e-6);
    }
}
