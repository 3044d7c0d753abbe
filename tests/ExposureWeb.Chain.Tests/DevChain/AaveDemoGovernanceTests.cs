using System.Numerics;
using System.Text.Json;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Protocols.Governance;
using ExposureWeb.DevChain.Deployment;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>
/// The demo Aave market reacts on chain: the configurator's risk setters and the oracle's feeds feed straight into
/// getUserAccountData. Each test starts from the freshly deployed demo (snapshot/revert).
/// </summary>
public sealed class AaveDemoGovernanceTests(DemoChain chain) : IsolatedDemoTests(chain)
{
    private Address Pool => Address.Parse(Chain.Profile.AaveV3!.Pool);

    private async Task<Address> ConfiguratorAsync()
    {
        var provider = await Chain.QueryOutputAsync<AddressesProviderFunction, AddressOutput>(Pool, new AddressesProviderFunction());
        return Address.Parse((await Chain.QueryOutputAsync<GetPoolConfiguratorFunction, AddressOutput>(
            Address.Parse(provider.Value), new GetPoolConfiguratorFunction())).Value);
    }

    private Task<BigInteger[]> AccountDataAsync(Address user) => AaveDemoTests.AccountDataAsync(Chain, user);

    private GovernanceDeployment Governance => new(
        Address.Parse(Chain.Profile.Governance!.Governor), Address.Parse(Chain.Profile.Governance.Timelock), Address.Parse(Chain.Profile.Governance.Token));

    [Fact]
    public async Task PassAsync_ProposalLoweringWethParameters_ConfiguratorChangesItEmitsEventAndTraderHealthFactorFalls()
    {
        var weth = Chain.Token("WETH");
        var tx = new DemoTransactions(Chain.Web3, CancellationToken.None);
        var change = new ConfigureReserveAsCollateralFunction { Asset = weth.ToString(), Ltv = 7500, LiquidationThreshold = 8000, LiquidationBonus = 10500 };

        // Propose, vote, queue in the timelock and execute: the only way left to change a parameter.
        var passed = await GovernanceDemo.PassAsync(tx, Governance, GovernanceProposal.Single(await ConfiguratorAsync(), change.GetCallData(), "WETH 75/80/105"));

        var receipt = passed.Executed!;
        var logs = (await Chain.Eth.RequestAsync<JsonElement>("eth_getTransactionReceipt", [receipt.TransactionHash])).GetProperty("logs");
        var topic = "0x" + ABITypedRegistry.GetEvent<CollateralConfigurationChangedEventDto>().Sha3Signature;
        var log = logs.EnumerateArray().Single(l => l.GetProperty("topics")[0].GetString() == topic);
        var filterLog = new FilterLog
        {
            Topics = log.GetProperty("topics").EnumerateArray().Select(t => (object)t.GetString()!).ToArray(),
            Data = log.GetProperty("data").GetString()!,
        };
        Assert.Equal("0x" + ABITypedRegistry.GetEvent<CollateralConfigurationChangedEventDto>().Sha3Signature, (string)filterLog.Topics[0]);
        var changed = filterLog.DecodeEvent<CollateralConfigurationChangedEventDto>().Event;
        Assert.Equal(weth, Address.Parse(changed.Asset));
        Assert.Equal([new BigInteger(7500), new BigInteger(8000), new BigInteger(10500)], new[] { changed.Ltv, changed.LiquidationThreshold, changed.LiquidationBonus });
        var data = (await Chain.QueryOutputAsync<GetReserveDataFunction, ReserveDataOutput>(Pool, new GetReserveDataFunction { Asset = weth.ToString() })).Data;
        Assert.Equal((7500, 8000), ((int)(data.Configuration.Data & 0xFFFF), (int)((data.Configuration.Data >> 16) & 0xFFFF)));
        // Trader: $30 000 WETH now LTV 75% / LT 80%, $30 000 LINK LTV 53% / LT 68%, $24 000 debt.
        //   LT  = (3e12 × 8000 + 3e12 × 6800) / 6e12 = 7400;  LTV = (3e12 × 7500 + 3e12 × 5300) / 6e12 = 6400
        //   available: 6e12 × 64% − 2.4e12 = 1.44e12
        //   HF = 4.44e12 × 1e18 / 2.4e12 = 1.85e18
        AssertNear([6_000_000_000_000, 2_400_000_000_000, 1_440_000_000_000, 7400, 6400, 1.85e18], await AccountDataAsync(DemoChain.Trader));
    }

    [Theory]
    // OpenZeppelin 5.7.0 compiled with the pinned solc (the project's artifacts): the demo's governor, timelock, token.
    [InlineData("DemoGovernor")]
    [InlineData("TimelockController")]
    [InlineData("DemoVotesToken")]
    public async Task Code_GovernanceContract_IsTheCompiledRuntimeCode(string artifact)
    {
        var address = artifact switch
        {
            "DemoGovernor" => Governance.Governor,
            "TimelockController" => Governance.Timelock,
            _ => Governance.Token,
        };
        var code = ExposureWeb.Chain.Primitives.Hex.Decode(await Chain.Eth.RequestAsync<string>("eth_getCode", [address.ToString(), "latest"]));

        Assert.True(RuntimeCode.Matches(ContractArtifact.Load(artifact).RuntimeCode, code), $"{artifact} at {address}: not the compiled code");
    }

    [Theory]
    [InlineData("spare")]
    [InlineData("deployer")] // it set the market up, then handed every role to the timelock
    public async Task ConfigureReserveAsCollateral_SentDirectlyNotThroughTheTimelock_RevertsNotRiskOrPoolAdmin(string who)
    {
        var call = new ConfigureReserveAsCollateralFunction { Asset = Chain.Token("WETH").ToString(), Ltv = 1, LiquidationThreshold = 2, LiquidationBonus = 10_001 };
        var from = who == "spare" ? DemoChain.Spare : DemoChain.Deployer;

        var configurator = await ConfiguratorAsync();
        var error = await Assert.ThrowsAsync<ExposureWeb.Chain.Rpc.RpcErrorException>(() =>
            Chain.Eth.CallAsync(configurator, call.GetCallData(), ExposureWeb.Chain.Rpc.BlockParameter.Latest, from));

        Assert.Equal("reverted: 4", ExposureWeb.Chain.Multicall.RevertReason.Describe(error.DataBytes)); // CALLER_NOT_RISK_OR_POOL_ADMIN
    }

    [Fact]
    public async Task PendingProposal_FreshDemo_QueuedInTheTimelockAndExecutableAfterItsDelay()
    {
        var tx = new DemoTransactions(Chain.Web3, CancellationToken.None);
        var pending = DemoMarket.PendingProposal;
        var call = new ConfigureReserveAsCollateralFunction
        {
            Asset = Chain.Token(pending.Symbol).ToString(), Ltv = pending.Ltv, LiquidationThreshold = pending.LiquidationThreshold, LiquidationBonus = pending.LiquidationBonus,
        };
        var proposal = GovernanceProposal.Single(await ConfiguratorAsync(), call.GetCallData(), pending.Description);
        var id = await GovernanceDemo.ProposalIdAsync(tx, Governance, proposal);
        Assert.Equal(ProposalState.Queued, await GovernanceDemo.StateAsync(tx, Governance, id));
        var before = await WethThresholdsAsync();
        Assert.Equal((8050, 8300), before);

        await GovernanceDemo.ExecuteAsync(tx, Governance, proposal); // anyone may, once the delay passed

        Assert.Equal(ProposalState.Executed, await GovernanceDemo.StateAsync(tx, Governance, id));
        Assert.Equal((pending.Ltv, pending.LiquidationThreshold), await WethThresholdsAsync());
    }

    private async Task<(int Ltv, int LiquidationThreshold)> WethThresholdsAsync()
    {
        var data = (await Chain.QueryOutputAsync<GetReserveDataFunction, ReserveDataOutput>(Pool, new GetReserveDataFunction { Asset = Chain.Token("WETH").ToString() })).Data;
        return ((int)(data.Configuration.Data & 0xFFFF), (int)((data.Configuration.Data >> 16) & 0xFFFF));
    }

    [Fact]
    public async Task EthFeedFalls_TraderAccountData_RevaluesWethCollateralOnChain()
    {
        await Chain.PushAnswerAsync(Chain.Feed("ETH"), new BigInteger(200_000_000_000)); // ETH 3 000 → 2 000

        // collateral: 10 WETH × 2 000 = 2e12 + LINK 3e12 = 5e12; debt unchanged 2.4e12 (USDC and WBTC).
        //   LT  = (2e12 × 8300 + 3e12 × 6800) / 5e12 = 3.7e16 / 5e12 = 7400
        //   LTV = (2e12 × 8050 + 3e12 × 5300) / 5e12 = 6400;  available: 5e12 × 64% − 2.4e12 = 8e11
        //   HF = 3.7e12 × 1e18 / 2.4e12 = 1.5416666…e18
        AssertNear([5_000_000_000_000, 2_400_000_000_000, 800_000_000_000, 7400, 6400, 1.5416666666666667e18], await AccountDataAsync(DemoChain.Trader));
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
