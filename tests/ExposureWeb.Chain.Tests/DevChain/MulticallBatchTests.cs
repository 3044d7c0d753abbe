using System.Numerics;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Adapters.Chainlink;
using ExposureWeb.Chain.Adapters.Spot;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary><see cref="MulticallBatch"/> against the dev chain's Multicall3: one aggregate3 eth_call, allowFailure on every call.</summary>
public sealed class MulticallBatchTests(DeployedDemoFixture chain) : IsolatedDemoTests(chain)
{
    private static readonly AbiFunction Mint = AbiFunction.Parse("mint(address,uint256)");
    private static readonly AbiFunction Transfer = AbiFunction.Parse("transfer(address,uint256) returns (bool)");
    private static readonly AbiFunction GetRoundData = AbiFunction.Parse("getRoundData(uint80) returns (uint80,int256,uint256,uint256,uint80)");

    private static readonly BigInteger Ether = BigInteger.Pow(10, 18);

    private Task<IReadOnlyList<CallOutcome>> ExecuteAsync(MulticallBatch batch, BlockParameter block = default) =>
        batch.ExecuteAsync(Chain.Eth, Chain.Multicall3, block, CancellationToken.None);

    [Fact]
    public async Task ExecuteAsync_FiveDifferentCalls_ResultsComeBackInTheOrderAdded()
    {
        var batch = new MulticallBatch();
        var symbol = batch.Add(Chain.Token("WETH"), Erc20.Symbol.EncodeCall());
        var decimals = batch.Add(Chain.Token("WBTC"), Erc20.Decimals.EncodeCall());
        var usdc = batch.Add(Chain.Token("USDC"), Erc20.BalanceOf.EncodeCall(DeployedDemoFixture.Trader));
        var ether = batch.Add(Chain.Multicall3, Multicall3.GetEthBalance.EncodeCall(DeployedDemoFixture.Treasury));
        var feedDecimals = batch.Add(Chain.Feed("LINK"), AggregatorV3.Decimals.EncodeCall());

        var results = await ExecuteAsync(batch);

        Assert.Equal([0, 1, 2, 3, 4], [symbol, decimals, usdc, ether, feedDecimals]);
        Assert.Equal(5, results.Count);
        Assert.All(results, r => Assert.True(r.Success));
        Assert.Equal("WETH", (string)Erc20.Symbol.DecodeOutput(results[0].ReturnData)[0]);
        Assert.Equal(new BigInteger(8), (BigInteger)Erc20.Decimals.DecodeOutput(results[1].ReturnData)[0]);
        // 25 000 USDC at 6 decimals.
        Assert.Equal(new BigInteger(25_000_000_000), (BigInteger)Erc20.BalanceOf.DecodeOutput(results[2].ReturnData)[0]);
        // anvil_setBalance put 7.25 ETH on the treasury: 7.25 × 10^18 wei.
        Assert.Equal(BigInteger.Parse("7250000000000000000"), (BigInteger)Multicall3.GetEthBalance.DecodeOutput(results[3].ReturnData)[0]);
        Assert.Equal(new BigInteger(8), (BigInteger)AggregatorV3.Decimals.DecodeOutput(results[4].ReturnData)[0]);
    }

    [Fact]
    public async Task ExecuteAsync_MintFromNonMinter_ThatCallFailsWithReasonOthersSucceed()
    {
        // Inside aggregate3 msg.sender is Multicall3, not the deployer, so DemoToken's require fails.
        var batch = new MulticallBatch();
        batch.Add(Chain.Token("WETH"), Erc20.Symbol.EncodeCall());
        batch.Add(Chain.Token("WETH"), Mint.EncodeCall(DeployedDemoFixture.Trader, BigInteger.One));
        batch.Add(Chain.Token("USDC"), Erc20.Decimals.EncodeCall());

        var results = await ExecuteAsync(batch);

        Assert.Equal([true, false, true], results.Select(r => r.Success));
        Assert.Equal("reverted: DemoToken: only minter", results[1].FailureReason);
        Assert.Equal("WETH", (string)Erc20.Symbol.DecodeOutput(results[0].ReturnData)[0]);
        Assert.Equal(new BigInteger(6), (BigInteger)Erc20.Decimals.DecodeOutput(results[2].ReturnData)[0]);
    }

    [Fact]
    public async Task ExecuteAsync_SeveralRevertingTargets_EachCarriesItsOwnReason()
    {
        var batch = new MulticallBatch();
        // Multicall3 holds no WBTC.
        batch.Add(Chain.Token("WBTC"), Transfer.EncodeCall(DeployedDemoFixture.Trader, BigInteger.One));
        // The feed has rounds 1 … n; round 999 was never written.
        batch.Add(Chain.Feed("ETH"), GetRoundData.EncodeCall(new BigInteger(999)));
        // DemoToken has no latestRoundData and no fallback: a bare revert.
        batch.Add(Chain.Token("LINK"), AggregatorV3.LatestRoundData.EncodeCall());
        batch.Add(Chain.Feed("ETH"), GetRoundData.EncodeCall(BigInteger.One));

        var results = await ExecuteAsync(batch);

        Assert.Equal(
            ["reverted: DemoToken: balance", "reverted: No data present", "reverted without a reason"],
            results.Take(3).Select(r => r.FailureReason));
        Assert.Equal([false, false, false, true], results.Select(r => r.Success));
        Assert.Equal(new BigInteger(300_000_000_000), (BigInteger)GetRoundData.DecodeOutput(results[3].ReturnData)[1]);
    }

    [Fact]
    public async Task ExecuteAsync_CallToAddressWithoutCode_SucceedsWithEmptyReturnData()
    {
        // EVM rule: a call to an account without code succeeds and returns nothing. Adapters must not take that as an answer.
        var batch = new MulticallBatch();
        batch.Add(Address.Parse("0x000000000000000000000000000000000000dEaD"), Erc20.Decimals.EncodeCall());

        var results = await ExecuteAsync(batch);

        Assert.True(results[0].Success);
        Assert.Empty(results[0].ReturnData);
    }

    [Fact]
    public async Task ExecuteAsync_PinnedToBlockBeforeTransfer_ReturnsBalancesBeforeTransfer()
    {
        var weth = Chain.Token("WETH");
        // 2.5 WETH = 2.5 × 10^18 raw.
        var receipt = await Chain.TransferAsync(weth, DeployedDemoFixture.Trader, DeployedDemoFixture.Spare, 25 * Ether / 10);
        // Mine a few empty blocks so "latest" is well past the transfer.
        await Chain.Eth.RequestAsync<System.Text.Json.JsonElement>("anvil_mine", ["0x3"]);

        async Task<(BigInteger Trader, BigInteger Spare)> BalancesAt(BlockParameter block)
        {
            var batch = new MulticallBatch();
            batch.Add(weth, Erc20.BalanceOf.EncodeCall(DeployedDemoFixture.Trader));
            batch.Add(weth, Erc20.BalanceOf.EncodeCall(DeployedDemoFixture.Spare));
            var r = await ExecuteAsync(batch, block);
            return ((BigInteger)Erc20.BalanceOf.DecodeOutput(r[0].ReturnData)[0], (BigInteger)Erc20.BalanceOf.DecodeOutput(r[1].ReturnData)[0]);
        }

        var before = await BalancesAt(receipt.BlockNumber - 1);
        var at = await BalancesAt(receipt.BlockNumber);
        var latest = await BalancesAt(BlockParameter.Latest);

        // Seeded 12.5 WETH; 12.5 − 2.5 = 10.
        Assert.Equal((125 * Ether / 10, BigInteger.Zero), before);
        Assert.Equal((10 * Ether, 25 * Ether / 10), at);
        Assert.Equal(at, latest);
    }

    [Fact]
    public async Task ExecuteAsync_PinnedToBlock_BlockTimestampIsThatBlocks()
    {
        await Chain.AdvanceTimeAsync(TimeSpan.FromHours(2));
        var old = await Chain.BlockAsync(1);
        var batch = new MulticallBatch();
        batch.Add(Chain.Multicall3, Multicall3.GetCurrentBlockTimestamp.EncodeCall());

        var results = await ExecuteAsync(batch, old.Number);

        Assert.Equal(new BigInteger(old.Timestamp.ToUnixTimeSeconds()), (BigInteger)Multicall3.GetCurrentBlockTimestamp.DecodeOutput(results[0].ReturnData)[0]);
    }

    [Fact]
    public async Task ExecuteAsync_EmptyBatch_ReturnsNoResults()
    {
        var results = await ExecuteAsync(new MulticallBatch());

        Assert.Empty(results);
    }
}
