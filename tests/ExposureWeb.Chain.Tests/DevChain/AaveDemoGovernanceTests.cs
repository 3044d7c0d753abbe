using System.Numerics;
using System.Text.Json;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>
/// The demo Aave market reacts on chain: the configurator's risk setters and the oracle's feeds feed straight into
/// getUserAccountData. Each test starts from the freshly deployed demo (snapshot/revert).
/// </summary>
public sealed class AaveDemoGovernanceTests(DeployedDemoFixture chain) : IsolatedDemoTests(chain)
{
    private static readonly AbiFunction AddressesProvider = AbiFunction.Parse("ADDRESSES_PROVIDER() returns (address)");
    private static readonly AbiFunction GetPoolConfigurator = AbiFunction.Parse("getPoolConfigurator() returns (address)");
    private static readonly AbiFunction ConfigureReserveAsCollateral = AbiFunction.Parse("configureReserveAsCollateral(address,uint256,uint256,uint256)");
    private static readonly AbiFunction SetReserveFreeze = AbiFunction.Parse("setReserveFreeze(address,bool)");
    private static readonly AbiEvent CollateralConfigurationChanged = AbiEvent.Parse(
        "event CollateralConfigurationChanged(address indexed asset, uint256 ltv, uint256 liquidationThreshold, uint256 liquidationBonus)");

    private Address Pool => Address.Parse(Chain.Profile.AaveV3!.Pool);

    private async Task<Address> ConfiguratorAsync() =>
        await Chain.CallOneAsync<Address>(await Chain.CallOneAsync<Address>(Pool, AddressesProvider), GetPoolConfigurator);

    private async Task<BigInteger[]> AccountDataAsync(Address user) =>
        (await Chain.CallAsync(Pool, AaveDemoTests.GetUserAccountData, user)).Cast<BigInteger>().ToArray();

    [Fact]
    public async Task ConfigureReserveAsCollateral_LowerWethParameters_EmitsEventAndTraderHealthFactorFalls()
    {
        var weth = Chain.Token("WETH");

        var receipt = await Chain.SendAsync(DeployedDemoFixture.Deployer, await ConfiguratorAsync(), ConfigureReserveAsCollateral.EncodeCall(weth, 7500, 8000, 10500));

        var log = (await Chain.Eth.RequestAsync<JsonElement>("eth_getTransactionReceipt", [receipt.TransactionHash])).GetProperty("logs")[0];
        var topics = log.GetProperty("topics").EnumerateArray().Select(t => Hex.Decode(t.GetString()!)).ToArray();
        Assert.Equal(CollateralConfigurationChanged.Topic0, topics[0]);
        Assert.Equal(new object[] { weth, new BigInteger(7500), new BigInteger(8000), new BigInteger(10500) },
            CollateralConfigurationChanged.DecodeLog(topics, Hex.Decode(log.GetProperty("data").GetString()!)));
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
        await Chain.SendAsync(DeployedDemoFixture.Deployer, await ConfiguratorAsync(), SetReserveFreeze.EncodeCall(Chain.Token("LINK"), false));

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
