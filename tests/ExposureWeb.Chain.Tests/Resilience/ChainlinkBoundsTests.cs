using System.Numerics;
using ExposureWeb.Chain.Adapters.Chainlink;
using ExposureWeb.Chain.Protocols.Chainlink;
using Nethereum.Contracts;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Tests.Resilience;

/// <summary>
/// <see cref="ChainlinkPriceAdapter"/>'s pinned-at-bound check on real DemoPriceFeeds with tight bounds (an answer
/// pushed beyond a bound is stored at the bound, as OCR aggregators do), read directly and through a Chainlink-style
/// proxy (<c>aggregator()</c>, no bounds of its own).
/// </summary>
public sealed class ChainlinkBoundsTests(DemoChain chain) : IsolatedDemoTests(chain)
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(60);

    /// <summary>8 decimals: 90 … 110 USD.</summary>
    private static readonly BigInteger Min = 90 * BigInteger.Pow(10, 8);

    private static readonly BigInteger Max = 110 * BigInteger.Pow(10, 8);

    private async Task<IReadOnlyDictionary<string, FeedQuote>> ReadAsync(ChainProfile profile, ChainlinkAggregatorCache? cache = null)
    {
        var head = await Chain.BlockAsync();
        var batch = new MulticallBatch();
        var adapter = new ChainlinkPriceAdapter(profile, batch, Margin, cache ?? new ChainlinkAggregatorCache());
        var results = await batch.ExecuteAsync(Chain.Eth, Chain.Multicall3, head.Number, CancellationToken.None);
        var (quotes, errors) = adapter.Read(results, head.Timestamp);
        Assert.Empty(errors);
        return quotes;
    }

    private ChainProfile WithTestFeed(Address feed)
    {
        var profile = Chain.CloneProfile();
        profile.PriceFeeds.Add(new PriceFeedProfile { Underlying = "TEST", Address = feed.ToString(), HeartbeatSeconds = 3600 });
        return profile;
    }

    [Fact]
    public async Task Read_AnswerPushedBelowMinAnswer_PinnedAtMinimumAndUnusable()
    {
        var feed = await Chain.DeployFeedAsync("TEST / USD", Min, Max, 100 * BigInteger.Pow(10, 8));
        // The market crashed to 5 USD; the feed stores its floor, 90.
        await Chain.PushAnswerAsync(feed, 5 * BigInteger.Pow(10, 8));

        var quote = (await ReadAsync(WithTestFeed(feed)))["TEST"].Quote;

        Assert.Equal(90.0, quote.PriceUsd);
        Assert.Equal($"pinned at the feed's minimum: answer {Min}, minAnswer {Min}; the market may be lower", quote.Issue);
        Assert.False(quote.IsUsable);
    }

    [Fact]
    public async Task Read_AnswerPushedAboveMaxAnswer_PinnedAtMaximumAndUnusable()
    {
        var feed = await Chain.DeployFeedAsync("TEST / USD", Min, Max, 100 * BigInteger.Pow(10, 8));
        await Chain.PushAnswerAsync(feed, 1_000 * BigInteger.Pow(10, 8));

        var quote = (await ReadAsync(WithTestFeed(feed)))["TEST"].Quote;

        Assert.Equal(110.0, quote.PriceUsd);
        Assert.StartsWith("pinned at the feed's maximum", quote.Issue, StringComparison.Ordinal);
        Assert.False(quote.IsUsable);
    }

    [Theory]
    [InlineData(9_008_000_000, true)]   // 90.08: 0.089% above the floor
    [InlineData(9_009_000_000, true)]   // 90.09: exactly 0.1% above
    [InlineData(9_010_000_000, false)]  // 90.10: 0.11% above
    [InlineData(10_989_000_000, true)]  // 109.89: 0.1% below the ceiling
    [InlineData(10_980_000_000, false)] // 109.80: 0.18% below
    public async Task Read_AnswerNearBound_PinnedOnlyWithinATenthOfAPercent(long answer, bool pinned)
    {
        var feed = await Chain.DeployFeedAsync("TEST / USD", Min, Max, answer);

        var quote = (await ReadAsync(WithTestFeed(feed)))["TEST"].Quote;

        Assert.Equal(pinned, quote.Issue?.StartsWith("pinned", StringComparison.Ordinal) ?? false);
        Assert.Equal(!pinned, quote.IsUsable);
    }

    [Fact]
    public async Task Read_DemoFeedsWithinTheirWideBounds_NotPinned()
    {
        var quotes = await ReadAsync(Chain.Profile);

        Assert.All(quotes.Values, q => Assert.Null(q.Quote.Issue));
    }

    [Fact]
    public async Task Read_PinnedAndStale_BothIssuesReported()
    {
        var feed = await Chain.DeployFeedAsync("TEST / USD", Min, Max, 100 * BigInteger.Pow(10, 8));
        await Chain.PushAnswerAsync(feed, 1);
        await Chain.AdvanceTimeAsync(TimeSpan.FromSeconds(3_661));

        var quote = (await ReadAsync(WithTestFeed(feed)))["TEST"].Quote;

        Assert.StartsWith("pinned at the feed's minimum", quote.Issue, StringComparison.Ordinal);
        Assert.Contains("; stale: updated", quote.Issue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_ZeroAnswerWithWideBounds_StillInvalidNotPinned()
    {
        var wide = BigInteger.Pow(10, 30);
        var feed = await Chain.DeployFeedAsync("TEST / USD", -wide, wide, 100 * BigInteger.Pow(10, 8));
        await Chain.PushAnswerAsync(feed, 0);

        var quote = (await ReadAsync(WithTestFeed(feed)))["TEST"].Quote;

        Assert.Equal("invalid answer 0 (≤ 0)", quote.Issue);
    }

    [Fact]
    public async Task Read_ProxyFeed_AggregatorLearntOnFirstReadAndItsBoundsFlagThePinnedAnswerFromTheSecond()
    {
        // The aggregator holds the bounds; the proxy only forwards, like Chainlink's EACAggregatorProxy.
        var aggregator = await Chain.DeployFeedAsync("TEST / USD", Min, Max, 100 * BigInteger.Pow(10, 8));
        await Chain.PushAnswerAsync(aggregator, 1);
        var proxy = await DeployProxyAsync(aggregator);
        var profile = WithTestFeed(proxy);
        var cache = new ChainlinkAggregatorCache();

        var first = (await ReadAsync(profile, cache))["TEST"].Quote;
        var second = (await ReadAsync(profile, cache))["TEST"].Quote;

        Assert.Equal(90.0, first.PriceUsd);
        // Documented gap: the first read of a proxy cannot know the aggregator yet.
        Assert.Null(first.Issue);
        Assert.True(cache.TryGet(Chain.Profile.ChainId, proxy, out var learnt));
        Assert.Equal(aggregator, learnt);
        Assert.StartsWith("pinned at the feed's minimum", second.Issue, StringComparison.Ordinal);
        Assert.False(second.IsUsable);
    }

    [Fact]
    public void PinnedAt_AtBoundClearOfBoundsOrNonsenseBounds_JudgedAccordingly()
    {
        Assert.Null(ChainlinkPriceAdapter.PinnedAt(5, 10, 10));
        Assert.Null(ChainlinkPriceAdapter.PinnedAt(5, 10, 1));
        Assert.NotNull(ChainlinkPriceAdapter.PinnedAt(1, 1, 100));
        Assert.Null(ChainlinkPriceAdapter.PinnedAt(50, 1, 100));
    }

    /// <summary>
    /// STAND-IN for a Chainlink proxy (EACAggregatorProxy): <c>aggregator()</c> returns <paramref name="aggregator"/>,
    /// <c>latestRoundData()</c> and <c>decimals()</c> are forwarded to it (STATICCALL), everything else reverts, so the
    /// proxy has no <c>minAnswer()</c>/<c>maxAnswer()</c> of its own. Hand-assembled EVM code; no compiler needed.
    /// </summary>
    private async Task<Address> DeployProxyAsync(Address aggregator)
    {
        var target = aggregator.Bytes.ToArray();
        var asm = new Assembler();
        asm.Push(0).Op(0x35).Push(0xe0).Op(0x1c);                             // selector = calldataload(0) >> 224
        asm.Op(0x80).Push4(Selector<AggregatorFunction>()).Op(0x14).PushLabel("agg").Op(0x57);
        asm.Op(0x80).Push4(Selector<LatestRoundDataFunction>()).Op(0x14).PushLabel("fwd").Op(0x57);
        asm.Op(0x80).Push4(Selector<FeedDecimalsFunction>()).Op(0x14).PushLabel("fwd").Op(0x57);
        asm.Push(0).Op(0x80).Op(0xfd);                                       // revert(0, 0)
        asm.Label("fwd").Op(0x36).Push(0).Op(0x80).Op(0x37);                 // calldatacopy(0, 0, calldatasize)
        asm.Push(0).Push(0).Op(0x36).Push(0).Push20(target).Op(0x5a).Op(0xfa); // staticcall(gas, agg, 0, cds, 0, 0)
        asm.Op(0x3d).Push(0).Push(0).Op(0x3e);                               // returndatacopy(0, 0, returndatasize)
        asm.PushLabel("ok").Op(0x57);
        asm.Op(0x3d).Push(0).Op(0xfd);                                       // revert(0, returndatasize)
        asm.Label("ok").Op(0x3d).Push(0).Op(0xf3);                           // return(0, returndatasize)
        asm.Label("agg").Push20(target).Push(0).Op(0x52).Push(0x20).Push(0).Op(0xf3); // return abi.encode(agg)
        byte[] runtime = asm.Build();

        // Init code: codecopy(0, 12, len); return(0, len). 12 = this prefix's length.
        byte[] init = [0x61, (byte)(runtime.Length >> 8), (byte)runtime.Length, 0x80, 0x60, 12, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3];
        var hash = await Chain.Eth.SendTransactionAsync(DemoChain.Spare, null, [.. init, .. runtime]);
        var receipt = await Chain.Eth.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));
        Assert.True(receipt.Succeeded && receipt.ContractAddress is not null, "proxy deployment failed");
        return receipt.ContractAddress!.Value;
    }

    /// <summary>Just enough of an EVM assembler: opcodes, pushes and 2-byte jump labels.</summary>
    private sealed class Assembler
    {
        private readonly List<byte> _code = [];
        private readonly Dictionary<string, int> _labels = [];
        private readonly List<(int At, string Label)> _fixups = [];

        public Assembler Op(byte op)
        {
            _code.Add(op);
            return this;
        }

        public Assembler Push(byte value) => Op(0x60).Op(value);

        public Assembler Push4(byte[] value)
        {
            _code.Add(0x63);
            _code.AddRange(value);
            return this;
        }

        public Assembler Push20(byte[] value)
        {
            _code.Add(0x73);
            _code.AddRange(value);
            return this;
        }

        public Assembler PushLabel(string label)
        {
            _code.Add(0x61);
            _fixups.Add((_code.Count, label));
            _code.AddRange([0, 0]);
            return this;
        }

        public Assembler Label(string name)
        {
            _labels[name] = _code.Count;
            return Op(0x5b); // JUMPDEST
        }

        public byte[] Build()
        {
            foreach (var (at, label) in _fixups)
            {
                _code[at] = (byte)(_labels[label] >> 8);
                _code[at + 1] = (byte)_labels[label];
            }

            return [.. _code];
        }
    }

    private static byte[] Selector<TFunction>() where TFunction : FunctionMessage =>
        Convert.FromHexString(ABITypedRegistry.GetFunctionABI<TFunction>().Sha3Signature);
}
