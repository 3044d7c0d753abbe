using System.Numerics;
using System.Text.Json;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Aave;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>
/// The demo Aave market reacts on chain: the configurator's risk setters and the oracle's feeds feed straight into
/// getUserAccountData. Each test starts from the freshly deployed demo (snapshot/revert).
/// </summary>
public sealed class AaveDemoGovernanceTests(DeployedDemoFixture chain) : IsolatedDemoTests(chain)
{
    private Address Pool => Address.Parse(Chain.Profile.AaveV3!.Pool);

    private async Task<Address> ConfiguratorAsync()
    {
        var provider = await Chain.QueryOutputAsync<AddressesProviderFunction, AddressOutput>(Pool, new AddressesProviderFunction());
        return Address.Parse((await Chain.QueryOutputAsync<GetPoolConfiguratorFunction, AddressOutput>(
            Address.Parse(provider.Value), new GetPoolConfiguratorFunction())).Value);
    }

    private Task<BigInteger[]> AccountDataAsync(Address user) => AaveDemoTests.AccountDataAsync(Chain, user);

    [Fact]
    public async Task ConfigureReserveAsCollateral_LowerWethParameters_EmitsEventAndTraderHealthFactorFalls()
    {
        var weth = Chain.Token("WETH");

        var receipt = await Chain.SendAsync(DeployedDemoFixture.Deployer, await ConfiguratorAsync(), new ConfigureReserveAsCollateralFunction
        {
            Asset = weth.ToString(), Ltv = 7500, LiquidationThreshold = 8000, LiquidationBonus = 10500,
        });

        var log = (await Chain.Eth.RequestAsync<JsonElement>("eth_getTransactionReceipt", [receipt.TransactionHash])).GetProperty("logs")[0];
        var filterLog = new FilterLog
        {
            Topics = log.GetProperty("topics").EnumerateArray().Select(t => (object)t.GetString()!).ToArray(),
            Data = log.GetProperty("data").GetString()!,
        };
        Assert.Equal("0x" + ABITypedRegistry.GetEvent<CollateralConfigurationChangedEventDto>().Sha3Signature, (string)filterLog.Topics[0]);
        var changed = filterLog.DecodeEvent<CollateralConfigurationChangedEventDto>().Event;
        Assert.Equal(weth, Address.Parse(changed.Asset));
        Assert.Equal([new BigInteger(7500), new BigInteger(8000), new BigInteger(10500)], new[] { changed.Ltv, changed.LiquidationThreshold, changed.LiquidationBonus });
        // Trader: $30 000 WETH now LTV 75% / LT 80%, $30 000 LINK LTV 53% / LT 68%, $24 000 debt.
        //   LT  = (3e12 × 8000 + 3e12 × 6800) / 6e12 = 7400;  LTV = (3e12 × 7500 + 3e12 × 5300) / 6e12 = 6400
        //   available: 6e12 × 64% − 2.4e12 = 1.44e12
        //   HF = 4.44e12 × 1e18 / 2.4e12 = 1.85e18
        AssertNear([6_000_000_000_000, 2_400_000_000_000, 1_440_000_000_000, 7400, 6400, 1.85e18], await AccountDataAsync(DeployedDemoFixture.Trader));
    }

    [Fact]
    public async Task ConfigureReserveAsCollateral_FromAnAccountWithoutTheRole_RevertsNotRiskOrPoolAdmin()
    {
        var call = new ConfigureReserveAsCollateralFunction { Asset = Chain.Token("WETH").ToString(), Ltv = 1, LiquidationThreshold = 2, LiquidationBonus = 10_001 };

        var configurator = await ConfiguratorAsync();
        var error = await Assert.ThrowsAsync<ExposureWeb.Chain.Rpc.RpcErrorException>(() =>
            Chain.Eth.CallAsync(configurator, call.GetCallData(), ExposureWeb.Chain.Rpc.BlockParameter.Latest, DeployedDemoFixture.Spare));

        Assert.Equal("reverted: 4", ExposureWeb.Chain.Multicall.RevertReason.Describe(error.DataBytes)); // CALLER_NOT_RISK_OR_POOL_ADMIN
    }

    [Fact]
    public async Task EthFeedFalls_TraderAccountData_RevaluesWethCollateralOnChain()
    {
        await Chain.PushAnswerAsync(Chain.Feed("ETH"), new BigInteger(200_000_000_000)); // ETH 3 000 → 2 000

        // collateral: 10 WETH × 2 000 = 2e12 + LINK 3e12 = 5e12; debt unchanged 2.4e12 (USDC and WBTC).
        //   LT  = (2e12 × 8300 + 3e12 × 6800) / 5e12 = 3.7e16 / 5e12 = 7400
        //   LTV = (2e12 × 8050 + 3e12 × 5300) / 5e12 = 6400;  available: 5e12 × 64% − 2.4e12 = 8e11
        //   HF = 3.7e12 × 1e18 / 2.4e12 = 1.5416666…e18
        AssertNear([5_000_000_000_000, 2_400_000_000_000, 800_000_000_000, 7400, 6400, 1.5416666666666667e18], await AccountDataAsync(DeployedDemoFixture.Trader));
    }

    /// <summary>Amounts and the health factor within a millionth (interest accrues by the second), LT and LTV exact.</summary>
    private static void AssertNear(double[] expected, BigInteger[] actual)
    {
        foreach (var i in new[] { 0, 1, 2, 5 })
        {
            Assert.True(Math.Abs((double)actual[i] - expected[i]) <= 1e-6 * expected[i], $"field {i}: expected {expected[i]:R}, got {actual[i]}");
        }
        Assert.Equal(((BigInteger)expected[3], (BigInteger)expected[4]), (actual[3], actual[4]));
    }
}
