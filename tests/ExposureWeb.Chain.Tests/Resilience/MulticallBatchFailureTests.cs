using ExposureWeb.Chain.Adapters.Chainlink;
using ExposureWeb.Chain.Adapters.Spot;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Chain.Tests.DevChain;

namespace ExposureWeb.Chain.Tests.Resilience;

/// <summary>
/// When the <c>aggregate3</c> eth_call itself fails on a real node, every call of the batch becomes a failed outcome
/// with the reason, and the adapters turn that into one error per position instead of an exception.
/// </summary>
public sealed class MulticallBatchFailureTests(DeployedDemoFixture chain) : IClassFixture<DeployedDemoFixture>
{
    private (MulticallBatch Batch, SpotBalancesAdapter Spot, ChainlinkPriceAdapter Prices) Plan()
    {
        var batch = new MulticallBatch();
        var spot = new SpotBalancesAdapter(chain.Profile, [DeployedDemoFixture.Trader, DeployedDemoFixture.Treasury], batch);
        var prices = new ChainlinkPriceAdapter(chain.Profile, batch, TimeSpan.FromSeconds(60), new ChainlinkAggregatorCache());
        return (batch, spot, prices);
    }

    [Fact]
    public async Task ExecuteAsync_Aggregate3Reverts_EveryCallFailsWithTheNodeErrorAndAdaptersReportPerPosition()
    {
        // A token has no aggregate3: the node answers the eth_call with "execution reverted".
        var notMulticall = chain.Token("WETH");
        var (batch, spot, prices) = Plan();

        var results = await batch.ExecuteAsync(chain.Eth, notMulticall, BlockParameter.Latest, CancellationToken.None);
        var (holdings, spotErrors) = spot.Read(results);
        var (quotes, priceErrors) = prices.Read(results, DateTimeOffset.UtcNow);

        Assert.Equal(batch.Count, results.Count);
        Assert.All(results, r => Assert.False(r.Success));
        Assert.All(results, r => Assert.StartsWith("the batch's Multicall3 call failed: JSON-RPC error", r.FailureReason, StringComparison.Ordinal));
        Assert.Contains("revert", results[0].FailureReason, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(holdings);
        Assert.Empty(quotes);
        // Token decimals + native and token balances of both owners; one error per price feed.
        int tokens = chain.Profile.Tokens.Count;
        Assert.Equal(tokens + 2 * (1 + tokens), spotErrors.Count);
        Assert.Equal(chain.Profile.PriceFeeds.Count, priceErrors.Count);
        Assert.All(spotErrors.Concat(priceErrors), e => Assert.Contains("the batch's Multicall3 call failed", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_NoContractAtMulticallAddress_EveryCallFailsNamingTheAddress()
    {
        var nothing = Address.Parse("0x000000000000000000000000000000000000dEaD");
        var (batch, spot, _) = Plan();

        var results = await batch.ExecuteAsync(chain.Eth, nothing, BlockParameter.Latest, CancellationToken.None);
        var (_, errors) = spot.Read(results);

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
