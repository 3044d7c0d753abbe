using System.Numerics;
using System.Text.Json;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Governance;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Deployment;
using ExposureWeb.Risk.Governance;

namespace ExposureWeb.Chain.Tests.Governance;

/// <summary>The governance scan of the demo's Aave market on a real anvil; each test starts from the fresh demo.</summary>
public sealed class AaveParameterScannerTests(DemoChain chain) : IsolatedDemoTests(chain)
{
    private async Task<(ParameterScan Scan, CountingTransport Counting)> ScanAsync(PositionsReaderOptions? options = null, BlockParameter block = default)
    {
        var counting = new CountingTransport(Chain.Rpc);
        var scan = await new AaveParameterScanner(options).ScanAsync(new EthClient(counting), Chain.Profile, block, CancellationToken.None);
        return (scan, counting);
    }

    [Fact]
    public async Task ScanAsync_FreshDemo_EveryReserveWithTheDemoMarketsParameters()
    {
        var (scan, counting) = await ScanAsync();

        Assert.Empty(scan.Errors);
        var market = scan.Parameters;
        Assert.Equal(("local", AaveParameterScanner.Protocol, Chain.Profile.AaveV3!.Pool), (market.Chain, market.Protocol, market.Market));
        Assert.Equal(BigInteger.Pow(10, DemoMarket.FeedDecimals), market.BaseCurrencyUnit);
        Assert.NotNull(market.Oracle);
        Assert.Equal(DemoMarket.AaveReserves.Select(r => r.Symbol), market.Reserves.Select(r => r.Symbol));
        foreach (var expected in DemoMarket.AaveReserves)
        {
            var r = market.Reserves.Single(x => x.Symbol == expected.Symbol);
            var asset = DemoMarket.Asset(expected.Symbol);
            Assert.Equal(Chain.Token(expected.Symbol).ToString(), r.Asset);
            Assert.Equal(
                (expected.Ltv, expected.LiquidationThreshold, expected.LiquidationBonus, asset.Decimals, expected.ReserveFactor, expected.LiquidationProtocolFee),
                (r.Ltv, r.LiquidationThreshold, r.LiquidationBonus, r.Decimals, r.ReserveFactor, r.LiquidationProtocolFee));
            Assert.Equal((expected.SupplyCap, expected.BorrowCap, 0L, expected.EModeCategory), (r.SupplyCap, r.BorrowCap, r.DebtCeiling, r.EModeCategory));
            Assert.Equal((true, expected.Frozen, false, expected.BorrowingEnabled), (r.Active, r.Frozen, r.Paused, r.BorrowingEnabled));
            Assert.Equal(new RateStrategyParameters(DemoDeployer.ToFixed(expected.Rates.OptimalUsage, 27), DemoDeployer.ToFixed(expected.Rates.BaseRate, 27),
                DemoDeployer.ToFixed(expected.Rates.Slope1, 27), DemoDeployer.ToFixed(expected.Rates.Slope2, 27)), r.RateStrategy);
            Assert.Equal(Chain.Feed(asset.Underlying).ToString(), r.OracleSource);
            Assert.Equal((await Chain.LatestRoundAsync(Chain.Feed(asset.Underlying), market.BlockNumber)).Answer, r.OraclePrice);
        }
        Assert.Equal((8300, true), (market.Reserves.Single(r => r.Symbol == "WETH").LiquidationThreshold, market.Reserves.Single(r => r.Symbol == "LINK").Frozen));
        var e = DemoMarket.AaveEModeCategory;
        Assert.Equal(new EModeCategoryParameters(e.Id, e.Ltv, e.LiquidationThreshold, e.LiquidationBonus, "0x0000000000000000000000000000000000000000", e.Label),
            Assert.Single(market.EModeCategories));

        // Three rounds, each one HTTP request on the demo; the scan's own figures agree with what went over the wire.
        Assert.Equal(3, scan.RoundTrips);
        Assert.Equal(counting.RoundTrips, scan.HttpRequests);
        Assert.Equal(3, counting.RoundTrips);
        var header = await Chain.BlockAsync(market.BlockNumber);
        Assert.Equal(header.Timestamp, market.BlockTime);
    }

    [Fact]
    public async Task ScanAsync_TinyNodeLimits_StillThreeRoundTripsOverManyRequests()
    {
        var (plain, _) = await ScanAsync();
        var limits = new PositionsReaderOptions { MaxCallsPerMulticall = 2, MaxCallsPerHttpBatch = 1, MaxConcurrentRequests = 2 };

        var (scan, counting) = await ScanAsync(limits, plain.Parameters.BlockNumber);

        Assert.Empty(scan.Errors);
        Assert.Equal(3, scan.RoundTrips);
        Assert.True(scan.HttpRequests > 10, $"{scan.HttpRequests} HTTP requests");
        Assert.Equal(counting.RoundTrips, scan.HttpRequests);
        Assert.Equal(MarketParameterFingerprint.Of(plain.Parameters), MarketParameterFingerprint.Of(scan.Parameters));
    }

    [Fact]
    public async Task ScanAsync_Latest_LaterRoundsPinnedToTheFirstRoundsBlock()
    {
        var recorder = new BlockTagRecorder(Chain.Rpc);

        var scan = await new AaveParameterScanner().ScanAsync(new EthClient(recorder), Chain.Profile, BlockParameter.Latest, CancellationToken.None);

        Assert.Equal(3, recorder.Tags.Count);
        Assert.Equal("latest", recorder.Tags[0]);
        Assert.All(recorder.Tags.Skip(1), tag => Assert.Equal(HexQuantity.Format(scan.Parameters.BlockNumber), tag));
    }

    [Fact]
    public async Task ScanAsync_PendingProposalExecuted_DiffIsWethLtvAndThresholdAndFingerprintChanges()
    {
        var (before, _) = await ScanAsync();
        var (again, _) = await ScanAsync();
        var tx = new DemoTransactions(Chain.Web3, CancellationToken.None);

        await GovernanceDemo.ExecuteAsync(tx, GovernanceTestChain.Governance(Chain), await GovernanceTestChain.PendingProposalAsync(Chain));
        var (after, _) = await ScanAsync();

        var weth = Chain.Token("WETH").ToString();
        Assert.Equal(
            [
                new ParameterChange(ParameterScopes.Reserve, weth, "WETH", ParameterNames.Ltv, "8050", "7750", ParameterUnits.BasisPoints),
                new ParameterChange(ParameterScopes.Reserve, weth, "WETH", ParameterNames.LiquidationThreshold, "8300", "8000", ParameterUnits.BasisPoints),
            ],
            MarketParameterDiff.Compare(before.Parameters, after.Parameters));
        Assert.True(after.Parameters.BlockNumber > before.Parameters.BlockNumber);
        Assert.Equal(MarketParameterFingerprint.Of(before.Parameters), MarketParameterFingerprint.Of(again.Parameters));
        Assert.NotEqual(MarketParameterFingerprint.Of(before.Parameters), MarketParameterFingerprint.Of(after.Parameters));
    }

    [Fact]
    public async Task ScanAsync_SameStateAfterBlocksAndAPriceMove_EqualFingerprints()
    {
        var (first, _) = await ScanAsync();
        await Chain.PushAnswerAsync(Chain.Feed("ETH"), new BigInteger(250_000_000_000));
        await Chain.MineAsync();

        var (second, _) = await ScanAsync();

        Assert.NotEqual(first.Parameters.BlockNumber, second.Parameters.BlockNumber);
        Assert.Empty(MarketParameterDiff.Compare(first.Parameters, second.Parameters));
        Assert.Equal(MarketParameterFingerprint.Of(first.Parameters), MarketParameterFingerprint.Of(second.Parameters));
    }

    [Fact]
    public async Task ScanAsync_PoolAddressIsNoPool_ErrorsNotThrown()
    {
        var profile = Chain.CloneProfile();
        profile.AaveV3!.Pool = Chain.Token("USDC").ToString(); // a contract without getReservesList
        profile.GmxV2 = null; // GMX's markets would need round 2 of their own

        var scan = await new AaveParameterScanner().ScanAsync(Chain.Eth, profile, BlockParameter.Latest, CancellationToken.None);

        Assert.Empty(scan.Parameters.Reserves);
        Assert.Contains(scan.Errors, e => e.Contains("getReservesList()"));
        Assert.Contains(scan.Errors, e => e.Contains("ADDRESSES_PROVIDER()"));
        Assert.Null(scan.Parameters.Oracle);
        Assert.Equal(1, scan.RoundTrips);
    }

    [Fact]
    public async Task ScanAsync_NodeDown_ThrowsRpcUnavailable()
    {
        using var client = new JsonRpcHttpClient(new Uri("http://127.0.0.1:1"), TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<RpcUnavailableException>(() =>
            new AaveParameterScanner().ScanAsync(new EthClient(client), Chain.Profile, BlockParameter.Latest, CancellationToken.None));
    }

    /// <summary>Keeps the block tag of every eth_call, single or batched.</summary>
    private sealed class BlockTagRecorder(IRpcTransport inner) : IRpcTransport
    {
        public List<string> Tags { get; } = [];

        public string DisplayName => inner.DisplayName;

        public Task<JsonElement> SendAsync(string method, IReadOnlyList<object?> parameters, CancellationToken ct = default)
        {
            Record(method, parameters);
            return inner.SendAsync(method, parameters, ct);
        }

        public Task<IReadOnlyList<RpcResult>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken ct = default)
        {
            foreach (var request in requests) Record(request.Method, request.Parameters);
            return inner.SendBatchAsync(requests, ct);
        }

        private void Record(string method, IReadOnlyList<object?> parameters)
        {
            if (method == "eth_call") lock (Tags) Tags.Add((string)parameters[1]!);
        }
    }
}
