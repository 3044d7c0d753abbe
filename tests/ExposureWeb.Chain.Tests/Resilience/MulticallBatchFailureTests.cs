using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Adapters.Chainlink;
using ExposureWeb.Chain.Protocols.Chainlink;
using ExposureWeb.Chain.Adapters.Spot;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Tests.Resilience;

/// <summary>
/// When the <c>aggregate3</c> eth_call itself fails on a real node, every call of the batch becomes a failed outcome
/// with the reason, and the adapters turn that into one error per position instead of an exception.
/// </summary>
public sealed class MulticallBatchFailureTests(DemoChain chain) : IClassFixture<DemoChain>
{
    private (MulticallBatch Batch, SpotPositionsAdapter Spot, ChainlinkPriceAdapter Prices) Plan()
    {
        var batch = new MulticallBatch();
        var spot = new SpotPositionsAdapter(chain.Profile, [DemoChain.Trader, DemoChain.Treasury]);
        spot.Plan(batch);
        var prices = new ChainlinkPriceAdapter(chain.Profile, batch, TimeSpan.FromSeconds(60), new ChainlinkAggregatorCache());
        return (batch, spot, prices);
    }

    /// <summary>The spot adapter's errors for <paramref name="results"/> (the profile's tokens with the profile's decimals).</summary>
    private List<string> SpotErrors(SpotPositionsAdapter spot, IReadOnlyList<CallOutcome> results)
    {
        var tokens = chain.Profile.Tokens.Select(t => new TokenInfo(Address.Parse(t.Address), t.Symbol, t.Underlying, t.Decimals));
        var context = new SnapshotContext(chain.Profile, 1, DateTimeOffset.UtcNow, tokens, new Dictionary<string, FeedQuote>());
        var read = spot.Read(results, context);
        Assert.All(read.Positions, p => Assert.Null(p.Instrument));
        return read.Positions.Select(p => p.Error!).ToList();
    }

    [Fact]
    public async Task ExecuteAsync_Aggregate3Reverts_EveryCallFailsWithTheNodeErrorAndAdaptersReportPerPosition()
    {
        // A token has no aggregate3: the node answers the eth_call with "execution reverted".
        var notMulticall = chain.Token("WETH");
        var (batch, spot, prices) = Plan();

        var results = await batch.ExecuteAsync(chain.Eth, notMulticall, BlockParameter.Latest, CancellationToken.None);
        var spotErrors = SpotErrors(spot, results);
        var (quotes, priceErrors) = prices.Read(results, DateTimeOffset.UtcNow);

        Assert.Equal(batch.Count, results.Count);
        Assert.All(results, r => Assert.False(r.Success));
        Assert.All(results, r => Assert.StartsWith("the batch's Multicall3 call failed: JSON-RPC error", r.FailureReason, StringComparison.Ordinal));
        Assert.Contains("revert", results[0].FailureReason, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(quotes);
        // Native and token balances of both owners (token decimals are the reader's, not the adapter's); one error per price feed.
        int tokens = chain.Profile.Tokens.Count;
        Assert.Equal(2 * (1 + tokens), spotErrors.Count);
        Assert.Equal(chain.Profile.PriceFeeds.Count, priceErrors.Count);
        Assert.All(spotErrors.Concat(priceErrors), e => Assert.Contains("the batch's Multicall3 call failed", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_NoContractAtMulticallAddress_EveryCallFailsNamingTheAddress()
    {
        var nothing = Address.Parse("0x000000000000000000000000000000000000dEaD");
        var (batch, spot, _) = Plan();

        var results = await batch.ExecuteAsync(chain.Eth, nothing, BlockParameter.Latest, CancellationToken.None);
        var errors = SpotErrors(spot, results);

        Assert.All(results, r => Assert.Equal($"Multicall3 at {nothing} returned no data: check the chain profile's multicall3 address", r.FailureReason));
        Assert.NotEmpty(errors);
    }

    [Fact]
    public async Task ExecuteAsync_BlockTheNodeDoesNotHave_EveryCallFailsWithTheNodeError()
    {
        var head = await chain.Eth.BlockNumberAsync();
        var (batch, _, _) = Plan();

        var results = await batch.ExecuteAsync(chain.Eth, chain.Multicall3, head + 1_000, CancellationToken.None);

        Assert.All(results, r => Assert.StartsWith("the batch's Multicall3 call failed", r.FailureReason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_NodeUnreachable_StillThrowsUnavailable()
    {
        using var down = new JsonRpcHttpClient(new Uri($"http://127.0.0.1:{ExposureWeb.DevChain.Anvil.FreePort.Pick()}/"));
        var (batch, _, _) = Plan();

        await Assert.ThrowsAsync<RpcUnavailableException>(() => batch.ExecuteAsync(new EthClient(down), chain.Multicall3, BlockParameter.Latest, CancellationToken.None));
    }

    [Fact]
    public void FailAll_Reason_OneFailedOutcomePerQueuedCall()
    {
        var (batch, _, _) = Plan();

        var results = batch.FailAll("why");

        Assert.Equal(batch.Count, results.Count);
        Assert.All(results, r => Assert.Equal(new CallOutcome(false, [], "why").FailureReason, r.FailureReason));
        Assert.All(results, r => Assert.False(r.TryDecode<FeedDecimalsOutput>(out _, out var error) || error != "why"));
    }
}
