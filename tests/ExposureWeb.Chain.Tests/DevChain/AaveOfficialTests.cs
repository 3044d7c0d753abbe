using System.Globalization;
using System.Numerics;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Contracts.Messages;
using ExposureWeb.DevChain.Deployment;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Protocols;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>
/// The dev chain runs Aave v3's official build (@aave/core-v3 1.19.3), and what the app reads and predicts agrees with
/// the protocol itself: the account figures and per-asset balances at the same block after a month of interest, and
/// the liquidation price the dashboard shows, checked by liquidating on the real Pool 0.1% past it (and failing 0.1%
/// before it).
/// </summary>
public sealed class AaveOfficialTests(DemoChain chain) : IsolatedDemoTests(chain)
{
    private Address Pool => Address.Parse(Chain.Profile.AaveV3!.Pool);

    [Fact]
    public async Task Code_EveryOfficialAaveContract_IsTheNpmArtifactsRuntimeCode()
    {
        var aave = Chain.Official.Where(o => !o.Artifact.Contains("Uniswap", StringComparison.Ordinal) && o.Artifact is not ("NonfungiblePositionManager"
            or "NonfungibleTokenPositionDescriptor" or "NFTDescriptor" or "SwapRouter" or "QuoterV2")).ToList();
        // provider, ACL, 8 libraries, Pool and PoolConfigurator implementations and proxies, oracle, data provider,
        // 3 token implementations, 4 rate strategies, 12 reserve token proxies.
        Assert.Equal(2 + 8 + 4 + 2 + 3 + 4 + 12, aave.Count);
        foreach (var deployed in aave)
        {
            var code = Hex.Decode(await Chain.Eth.RequestAsync<string>("eth_getCode", [deployed.Address.ToString(), "latest"]));
            Assert.True(OfficialArtifact.Load(deployed.Artifact).SameCodeAsDeployed(code, deployed.Libraries),
                $"{deployed.Artifact} at {deployed.Address}: the code on chain is not the npm artifact's");
        }
    }

    [Theory]
    [InlineData("trader")]
    [InlineData("treasury")]
    public async Task ReadAsync_AfterAMonthOfInterest_FiguresEqualTheProtocolsAtTheSameBlock(string who)
    {
        var owner = who == "trader" ? DemoChain.Trader : DemoChain.Treasury;
        await Chain.AdvanceTimeAsync(TimeSpan.FromDays(30));

        var snapshot = await new PortfolioPositionsReader(Chain.Profile, new PositionDiscoveryCache()).ReadAsync(Chain.Eth, [owner], BlockParameter.Latest);
        var reading = Assert.Single(snapshot.Of(PositionProtocols.AaveV3));
        Assert.Null(reading.Error);
        var block = BlockParameter.FromNumber(snapshot.BlockNumber);

        var account = await Chain.QueryOutputAsync<GetUserAccountDataFunction, UserAccountDataOutput>(Pool, new GetUserAccountDataFunction { User = owner.ToString() }, block);
        Assert.Equal(account.HealthFactor.ToString(CultureInfo.InvariantCulture), reading.Raw["healthFactor"]);
        Assert.Equal(account.TotalCollateralBase.ToString(CultureInfo.InvariantCulture), reading.Raw["totalCollateralBase"]);
        Assert.Equal(account.TotalDebtBase.ToString(CultureInfo.InvariantCulture), reading.Raw["totalDebtBase"]);
        Assert.Equal((double)account.HealthFactor / 1e18, reading.Decoded["healthFactor"], 1e-12);

        int checkedLegs = 0;
        foreach (var reserve in snapshot.AaveReserves)
        {
            var balanceOf = new BalanceOfFunction { Owner = owner.ToString() };
            var supplied = (await Chain.QueryOutputAsync<BalanceOfFunction, BalanceOfOutput>(reserve.AToken, balanceOf, block)).Balance;
            var borrowed = (await Chain.QueryOutputAsync<BalanceOfFunction, BalanceOfOutput>(reserve.VariableDebtToken, balanceOf, block)).Balance;
            if (supplied.IsZero && borrowed.IsZero) continue;
            Assert.Equal(supplied.ToString(CultureInfo.InvariantCulture), reading.Raw[$"{reserve.Symbol}.aTokenBalance"]);
            Assert.Equal(borrowed.ToString(CultureInfo.InvariantCulture), reading.Raw[$"{reserve.Symbol}.variableDebtBalance"]);
            checkedLegs++;
        }
        Assert.Equal(who == "trader" ? 4 : 3, checkedLegs);
        // A month of interest is visible: the trader's USDC debt grew.
        if (who == "trader") Assert.True(BigInteger.Parse(reading.Raw["USDC.variableDebtBalance"]) > 18_000_000_000);
    }

    [Fact]
    public async Task LiquidationCall_EthCrossesThePredictedLiquidationPriceByATenthPercent_SucceedsThereAndFailsJustBefore()
    {
        var trader = DemoChain.Trader;
        var eth = Chain.Feed("ETH");
        var snapshot = await new PortfolioPositionsReader(Chain.Profile, new PositionDiscoveryCache()).ReadAsync(Chain.Eth, [trader], BlockParameter.Latest);
        var account = Assert.IsType<LendingAccount>(Assert.Single(snapshot.Of(PositionProtocols.AaveV3)).Instrument);
        var prices = snapshot.Prices.ToDictionary(p => p.Key, p => p.Value.Quote.PriceUsd);
        var predicted = LendingMath.Analyze(account, u => prices[u]).LiquidationPrices.Single(l => l.Underlying == "ETH");
        Assert.Equal(LiquidationDirection.PriceFalls, predicted.Direction);
        var boundary = predicted.Price!.Value; // ≈ (24 000 − 20 400) / 8.3 = 433.7 USD

        // A liquidator with USDC to repay part of the trader's USDC debt.
        var liquidator = DemoChain.Spare;
        await Chain.SendAsync(DemoChain.Deployer, Chain.Token("USDC"), new MintFunction { To = liquidator.ToString(), Amount = 10_000_000_000 });
        await Chain.SendAsync(liquidator, Chain.Token("USDC"), new ApproveFunction { Spender = Pool.ToString(), Value = 10_000_000_000 });
        var call = new LiquidationCallFunction
        {
            CollateralAsset = Chain.Token("WETH").ToString(), DebtAsset = Chain.Token("USDC").ToString(), User = trader.ToString(), DebtToCover = 1_000_000_000,
        };

        await Chain.PushAnswerAsync(eth, Answer(boundary * 1.001));
        var early = await Assert.ThrowsAsync<RpcErrorException>(() => Chain.Eth.CallAsync(Pool, call.GetCallData(), BlockParameter.Latest, liquidator));
        Assert.Equal("reverted: 45", RevertReason.Describe(early.DataBytes)); // HEALTH_FACTOR_NOT_BELOW_THRESHOLD

        await Chain.PushAnswerAsync(eth, Answer(boundary * 0.999));
        var before = await DebtAsync(trader);
        var receipt = await Chain.SendAsync(liquidator, Pool, call);
        Assert.True(receipt.Succeeded);
        Assert.True(await DebtAsync(trader) < before - 900_000_000, "the liquidation repaid about 1 000 USDC of the trader's debt");
    }

    private async Task<BigInteger> DebtAsync(Address user)
    {
        var reserve = (await Chain.QueryOutputAsync<GetReserveDataFunction, ReserveDataOutput>(Pool, new GetReserveDataFunction { Asset = Chain.Token("USDC").ToString() })).Data;
        return (await Chain.QueryOutputAsync<BalanceOfFunction, BalanceOfOutput>(Address.Parse(reserve.VariableDebtTokenAddress), new BalanceOfFunction { Owner = user.ToString() })).Balance;
    }

    private static BigInteger Answer(double usd) => new(Math.Round(usd * 1e8));
}
