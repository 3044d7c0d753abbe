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
        // Trader: $30 000 WETH now LTV 75% / LT 80%, $30 000 LINK LTV 0 / LT 68%, $24 000 debt.
        //   LT  = (3e12 × 8000 + 3e12 × 6800) / 6e12 = 7400;  LTV = 3e12 × 7500 / 6e12 = 3750
        //   available: 6e12 × 37.5% = 2.25e12 < 2.4e12 → 0
        //   HF = (4.44e12 × 1e18 + 1.2e12) / 2.4e12 = 1.85e18
        Assert.Equal(
            [new BigInteger(6_000_000_000_000), new BigInteger(2_400_000_000_000), BigInteger.Zero, new BigInteger(7400), new BigInteger(3750),
             BigInteger.Parse("1850000000000000000")],
            await AccountDataAsync(DeployedDemoFixture.Trader));
    }

    [Fact]
    public async Task SetReserveFreeze_UnfreezeLink_RestoresPendingLtvIntoTraderAverage()
    {
        await Chain.SendAsync(DeployedDemoFixture.Deployer, await ConfiguratorAsync(), new SetReserveFreezeFunction { Asset = Chain.Token("LINK").ToString(), Freeze = false });

        // LTV = (3e12 × 8050 + 3e12 × 5300) / 6e12 = 6675; available = 6e12 × 66.75% − 2.4e12 = 1.605e12.
        var data = await AccountDataAsync(DeployedDemoFixture.Trader);
        Assert.Equal(new BigInteger(6675), data[4]);
        Assert.Equal(new BigInteger(1_605_000_000_000), data[2]);
        Assert.Equal(BigInteger.Parse("1887500000000000000"), data[5]);
    }

    [Fact]
    public async Task EthFeedFalls_TraderAccountData_RevaluesWethCollateralOnChain()
    {
        await Chain.PushAnswerAsync(Chain.Feed("ETH"), new BigInteger(200_000_000_000)); // ETH 3 000 → 2 000

        // collateral: 10 WETH × 2 000 = 2e12 + LINK 3e12 = 5e12; debt unchanged 2.4e12 (USDC and WBTC).
        //   LT  = (2e12 × 8300 + 3e12 × 6800) / 5e12 = 3.7e16 / 5e12 = 7400
        //   LTV = 2e12 × 8050 / 5e12 = 3220;  available: 5e12 × 32.2% = 1.61e12 < 2.4e12 → 0
        //   HF = (3.7e12 × 1e18 + 1.2e12) / 2.4e12 = 1 541 666 666 666 666 667.1… → 1541666666666666667
        Assert.Equal(
            [new BigInteger(5_000_000_000_000), new BigInteger(2_400_000_000_000), BigInteger.Zero, new BigInteger(7400), new BigInteger(3220),
             BigInteger.Parse("1541666666666666667")],
            await AccountDataAsync(DeployedDemoFixture.Trader));
    }
}
