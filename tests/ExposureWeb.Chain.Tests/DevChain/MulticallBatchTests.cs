using System.Numerics;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Protocols.Chainlink;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Protocols.Multicall3;
using ExposureWeb.DevChain.Contracts.Messages;
using Nethereum.Contracts;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary><see cref="MulticallBatch"/> against the dev chain's Multicall3: one aggregate3 eth_call, allowFailure on every call.</summary>
public sealed class MulticallBatchTests(DemoChain chain) : IsolatedDemoTests(chain)
{

    private static readonly BigInteger Ether = BigInteger.Pow(10, 18);

    private Task<IReadOnlyList<CallOutcome>> ExecuteAsync(MulticallBatch batch, BlockParameter block = default) =>
        batch.ExecuteAsync(Chain.Eth, Chain.Multicall3, block, CancellationToken.None);

    [Fact]
    public async Task ExecuteAsync_FiveDifferentCalls_ResultsComeBackInTheOrderAdded()
    {
        var batch = new MulticallBatch();
        var symbol = batch.Add(Chain.Token("WETH"), new SymbolFunction());
        var decimals = batch.Add(Chain.Token("WBTC"), new DecimalsFunction());
        var usdc = batch.Add(Chain.Token("USDC"), new BalanceOfFunction { Owner = DemoChain.Trader.ToString() });
        var ether = batch.Add(Chain.Multicall3, new GetEthBalanceFunction { Address = DemoChain.Treasury.ToString() });
        var feedDecimals = batch.Add(Chain.Feed("LINK"), new FeedDecimalsFunction());

        var results = await ExecuteAsync(batch);

        Assert.Equal([0, 1, 2, 3, 4], [symbol, decimals, usdc, ether, feedDecimals]);
        Assert.Equal(5, results.Count);
        Assert.All(results, r => Assert.True(r.Success));
        Assert.Equal("WETH", SpanAbiDecoder.Decode<SymbolOutput>(results[0].ReturnData).Symbol);
        Assert.Equal(8, SpanAbiDecoder.Decode<DecimalsOutput>(results[1].ReturnData).Decimals);
        // 25 000 USDC at 6 decimals.
        Assert.Equal(new BigInteger(25_000_000_000), SpanAbiDecoder.Decode<BalanceOfOutput>(results[2].ReturnData).Balance);
        // anvil_setBalance put 7.25 ETH on the treasury: 7.25 × 10^18 wei.
        Assert.Equal(BigInteger.Parse("7250000000000000000"), SpanAbiDecoder.Decode<EthBalanceOutput>(results[3].ReturnData).Balance);
        Assert.Equal(8, SpanAbiDecoder.Decode<FeedDecimalsOutput>(results[4].ReturnData).Decimals);
    }

    [Fact]
    public async Task ExecuteAsync_MintFromNonMinter_ThatCallFailsWithReasonOthersSucceed()
    {
        // Inside aggregate3 msg.sender is Multicall3, not the deployer, so DemoToken's require fails.
        var batch = new MulticallBatch();
        batch.Add(Chain.Token("WETH"), new SymbolFunction());
        batch.Add(Chain.Token("WETH"), new MintFunction { To = DemoChain.Trader.ToString(), Amount = 1 });
        batch.Add(Chain.Token("USDC"), new DecimalsFunction());

        var results = await ExecuteAsync(batch);

        Assert.Equal([true, false, true], results.Select(r => r.Success));
        Assert.Equal("reverted: DemoToken: only minter", results[1].FailureReason);
        Assert.Equal("WETH", SpanAbiDecoder.Decode<SymbolOutput>(results[0].ReturnData).Symbol);
        Assert.Equal(6, SpanAbiDecoder.Decode<DecimalsOutput>(results[2].ReturnData).Decimals);
    }

    [Fact]
    public async Task ExecuteAsync_SeveralRevertingTargets_EachCarriesItsOwnReason()
    {
        var batch = new MulticallBatch();
        // Multicall3 holds no WBTC.
        batch.Add(Chain.Token("WBTC"), new TransferFunction { To = DemoChain.Trader.ToString(), Value = 1 });
        // The feed has rounds 1 … n; round 999 was never written.
        batch.Add(Chain.Feed("ETH"), new GetRoundDataFunction { RoundId = 999 });
        // DemoToken has no latestRoundData and no fallback: a bare revert.
        batch.Add(Chain.Token("LINK"), new LatestRoundDataFunction());
        batch.Add(Chain.Feed("ETH"), new GetRoundDataFunction { RoundId = 1 });

        var results = await ExecuteAsync(batch);

        Assert.Equal(
            ["reverted: DemoToken: balance", "reverted: No data present", "reverted without a reason"],
            results.Take(3).Select(r => r.FailureReason));
        Assert.Equal([false, false, false, true], results.Select(r => r.Success));
        Assert.Equal(new BigInteger(300_000_000_000), SpanAbiDecoder.Decode<LatestRoundDataOutput>(results[3].ReturnData).Answer);
    }

    [Fact]
    public async Task ExecuteAsync_CallToAddressWithoutCode_SucceedsWithEmptyReturnData()
    {
        // EVM rule: a call to an account without code succeeds and returns nothing. Adapters must not take that as an answer.
        var batch = new MulticallBatch();
        batch.Add(Address.Parse("0x000000000000000000000000000000000000dEaD"), new DecimalsFunction());

        var results = await ExecuteAsync(batch);

        Assert.True(results[0].Success);
        Assert.Empty(results[0].ReturnData);
    }

    [Fact]
    public async Task ExecuteAsync_PinnedToBlockBeforeTransfer_ReturnsBalancesBeforeTransfer()
    {
        var weth = Chain.Token("WETH");
        // 2.5 WETH = 2.5 × 10^18 raw.
        var receipt = await Chain.TransferAsync(weth, DemoChain.Trader, DemoChain.Spare, 25 * Ether / 10);
        // Mine a few empty blocks so "latest" is well past the transfer.
        await Chain.Eth.RequestAsync<System.Text.Json.JsonElement>("anvil_mine", ["0x3"]);

        async Task<(BigInteger Trader, BigInteger Spare)> BalancesAt(BlockParameter block)
        {
            var batch = new MulticallBatch();
            batch.Add(weth, new BalanceOfFunction { Owner = DemoChain.Trader.ToString() });
            batch.Add(weth, new BalanceOfFunction { Owner = DemoChain.Spare.ToString() });
            var r = await ExecuteAsync(batch, block);
            return (SpanAbiDecoder.Decode<BalanceOfOutput>(r[0].ReturnData).Balance, SpanAbiDecoder.Decode<BalanceOfOutput>(r[1].ReturnData).Balance);
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
        batch.Add(Chain.Multicall3, new GetCurrentBlockTimestampFunction());

        var results = await ExecuteAsync(batch, old.Number);

        Assert.Equal(new BigInteger(old.Timestamp.ToUnixTimeSeconds()), SpanAbiDecoder.Decode<BlockTimestampOutput>(results[0].ReturnData).Timestamp);
    }

    [Fact]
    public async Task ExecuteAsync_EmptyBatch_ReturnsNoResults()
    {
        var results = await ExecuteAsync(new MulticallBatch());

        Assert.Empty(results);
    }
}
