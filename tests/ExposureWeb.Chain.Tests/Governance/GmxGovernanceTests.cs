using System.Numerics;
using ExposureWeb.Chain.Governance;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.GmxV2;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Deployment;
using ExposureWeb.Risk.Governance;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Tests.Governance;

/// <summary>
/// GMX v2 margin parameters in the governance scan (same three rounds as Aave), their diff after a proposal changed
/// one, and DataStore.setUint calls decoded; each test starts from the fresh demo.
/// </summary>
public sealed class GmxGovernanceTests(DemoChain chain) : IsolatedDemoTests(chain)
{
    private static readonly BigInteger OnePercent = BigInteger.Pow(10, 28);

    private Address DataStore => Address.Parse(Chain.Profile.GmxV2!.DataStore);

    private async Task<ParameterScan> ScanAsync(CountingTransport? counting = null) =>
        await new AaveParameterScanner().ScanAsync(new EthClient(counting ?? new CountingTransport(Chain.Rpc)), Chain.Profile, BlockParameter.Latest, CancellationToken.None);

    private static PerpMarketParameters Market(ParameterScan scan, string label) => Assert.Single(scan.Parameters.Perps!.Markets, m => m.Label == label);

    private static byte[] SetUint(byte[] key, BigInteger value) => new SetUintFunction { Key = key, Value = value }.GetCallData();

    [Fact]
    public async Task ScanAsync_FreshDemo_GmxMarketsWithOnePercentMinCollateralFactorInThreeRounds()
    {
        var counting = new CountingTransport(Chain.Rpc);
        var scan = await ScanAsync(counting);

        Assert.Empty(scan.Errors);
        var perps = Assert.IsType<PerpMarginParameters>(scan.Parameters.Perps);
        Assert.Equal(("gmx-v2", DataStore.ToString()), (perps.Protocol, perps.DataStore));
        Assert.Equal(BigInteger.Pow(10, 30), perps.MinCollateralUsd); // 1 USD with 30 decimals
        Assert.Equal(["ETH/USD", "BTC/USD"], perps.Markets.Select(m => m.Label));
        Assert.All(perps.Markets, m => Assert.Equal((OnePercent, BigInteger.Zero), (m.MinCollateralFactor!.Value, m.MaxPositionImpactFactorForLiquidations!.Value)));
        Assert.Equal(Chain.Token("WETH").ToString(), Market(scan, "ETH/USD").IndexToken);
        Assert.Equal((3, 3), (scan.RoundTrips, counting.RoundTrips)); // GMX rides in the Aave scan's rounds
    }

    [Fact]
    public async Task ScanAsync_ProposalRaisesEthMarketFactorToFivePercent_DiffAndFingerprint()
    {
        var before = await ScanAsync();
        var eth = Market(before, "ETH/USD");
        var proposal = GovernanceProposal.Single(DataStore, SetUint(GmxKeys.MinCollateralFactorKey(Address.Parse(eth.Market)), 5 * OnePercent), "GMX ETH/USD: min collateral factor 5%");

        await GovernanceDemo.PassAsync(new DemoTransactions(Chain.Web3, CancellationToken.None), GovernanceTestChain.Governance(Chain), proposal);
        var after = await ScanAsync();

        Assert.Equal(
            [new ParameterChange(ParameterScopes.PerpMarket, eth.Market, "ETH/USD", ParameterNames.MinCollateralFactor,
                "10000000000000000000000000000", "50000000000000000000000000000", ParameterUnits.Factor30)],
            MarketParameterDiff.Compare(before.Parameters, after.Parameters));
        Assert.NotEqual(MarketParameterFingerprint.Of(before.Parameters), MarketParameterFingerprint.Of(after.Parameters));
    }

    [Fact]
    public void Fingerprint_WithoutPerps_SameAsBeforePerpsExisted_AndPerpsCount()
    {
        var market = new MarketParameters("local", "aave-v3", "0x1", 1, DateTimeOffset.UnixEpoch, null, null, [], []);
        var perps = new PerpMarginParameters("gmx-v2", "0x2", BigInteger.One, [new PerpMarketParameters("0x3", "0x4", "ETH", OnePercent, 0)]);

        Assert.Equal(MarketParameterFingerprint.Of(market), MarketParameterFingerprint.Of(market with { Perps = null }));
        Assert.NotEqual(MarketParameterFingerprint.Of(market), MarketParameterFingerprint.Of(market with { Perps = perps }));
        Assert.NotEqual(MarketParameterFingerprint.Of(market with { Perps = perps }),
            MarketParameterFingerprint.Of(market with { Perps = perps with { Markets = [perps.Markets[0] with { MinCollateralFactor = 5 * OnePercent }] } }));
    }

    [Fact]
    public async Task Decode_SetUintOfEthMarketsMinCollateralFactor_ParameterChangeWithBeforeFromTheScan()
    {
        var scan = await ScanAsync();
        var eth = Market(scan, "ETH/USD");
        var decoder = new GovernanceCallDecoder(await GovernanceTestChain.ContractsAsync(Chain), Chain.Profile);

        var call = decoder.Decode(0, DataStore.ToString(), 0, SetUint(GmxKeys.MinCollateralFactorKey(Address.Parse(eth.Market)), 5 * OnePercent), scan.Parameters);

        Assert.True(call.IsRecognised, call.Unrecognised);
        Assert.Equal(("GMX DataStore", "setUint(bytes32,uint256)"), (call.TargetName, call.Signature));
        Assert.Equal(
            [new ParameterChange(ParameterScopes.PerpMarket, eth.Market, "ETH/USD", ParameterNames.MinCollateralFactor,
                "10000000000000000000000000000", "50000000000000000000000000000", ParameterUnits.Factor30)],
            call.Changes);
        Assert.Equal("ETH/USD minCollateralFactor 10000000000000000000000000000 → 50000000000000000000000000000 fraction × 1e30 (1e28 = 1%)", call.Changes[0].Describe());
    }

    [Fact]
    public async Task Decode_SetUintOfMinCollateralUsd_VenueChange()
    {
        var scan = await ScanAsync();
        var decoder = new GovernanceCallDecoder(await GovernanceTestChain.ContractsAsync(Chain), Chain.Profile);

        var call = decoder.Decode(0, DataStore.ToString(), 0, SetUint(GmxKeys.MinCollateralUsd, 2 * BigInteger.Pow(10, 30)), scan.Parameters);

        Assert.Equal(new ParameterChange(ParameterScopes.PerpVenue, DataStore.ToString(), "gmx-v2", ParameterNames.MinCollateralUsd,
            BigInteger.Pow(10, 30).ToString(), (2 * BigInteger.Pow(10, 30)).ToString(), ParameterUnits.Usd30), Assert.Single(call.Changes));
    }

    [Fact]
    public async Task Decode_SetUintOfAnUnknownKey_UnrecognisedWithTargetSelectorAndRawData()
    {
        var scan = await ScanAsync();
        var decoder = new GovernanceCallDecoder(await GovernanceTestChain.ContractsAsync(Chain), Chain.Profile);
        var data = SetUint(GmxKeys.Name("MAX_OPEN_INTEREST"), 1);

        var call = decoder.Decode(3, DataStore.ToString(), 0, data, scan.Parameters);

        Assert.False(call.IsRecognised);
        Assert.Equal("GMX DataStore", call.TargetName);
        Assert.Empty(call.Changes);
        Assert.Contains("not a recognised GMX margin parameter", call.Unrecognised);
        Assert.Contains(DataStore.ToString(), call.Unrecognised);
        Assert.Contains(Hex.Encode(data[..4]), call.Unrecognised);
        Assert.Contains(Hex.Encode(data), call.Unrecognised);
        Assert.Equal(Hex.Encode(data), call.RawData);
    }
}
