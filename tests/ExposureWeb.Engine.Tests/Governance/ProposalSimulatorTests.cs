using ExposureWeb.DevChain.Anvil;
using ExposureWeb.Engine.Governance;
using ExposureWeb.Engine.Pricing;
using ExposureWeb.Engine.Reading;
using ExposureWeb.Chain.Adapters;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Engine.Tests.Governance;

/// <summary>
/// The demo's queued proposal executed on a fork by <see cref="ProposalSimulator"/>, then for real on the chain at the
/// same time: the simulated "after" must be the live value, and the formula must agree with both.
/// </summary>
public sealed class ProposalSimulatorTests(DemoChain chain) : IsolatedDemoTests(chain)
{
    private static readonly WatchedPortfolio Demo = new(1, "Demo portfolio", "local", [DemoChain.Trader, DemoChain.Treasury]);

    private static readonly IOptions<EngineOptions> Engine = Options.Create(new EngineOptions
    {
        RiskFreeRate = 0.04,
        Volatility = new(StringComparer.OrdinalIgnoreCase) { ["ETH"] = 0.65, ["BTC"] = 0.5, ["LINK"] = 0.8, ["USDC"] = 0.01 },
    });

    private static ProposalSimulator Simulator() => new(
        new AnvilForkLauncher(() => AnvilLocator.Find(null, AppContext.BaseDirectory), NullLogger<AnvilForkLauncher>.Instance),
        TimeProvider.System, Engine, new MarketBuilder(Engine, new PriceHistory()), NullLoggerFactory.Instance);

    private static double Relative(double a, double b) => Math.Abs(a - b) / Math.Abs(b);

    [Fact]
    public async Task SimulateAsync_DemoQueuedProposal_AfterEqualsLiveValueOnceExecutedAtTheSameTime()
    {
        var proposal = await DemoProposal.OfAsync(Chain);
        var head = await Chain.BlockAsync();
        var at = Math.Max(await proposal.EtaAsync(Chain), head.Timestamp.ToUnixTimeSeconds() + 1);

        var result = await Simulator().SimulateAsync(new SimulationRequest(Chain.Profile, head, proposal.Timelock.ToString(), proposal.Calls,
            DateTimeOffset.FromUnixTimeSeconds(at), [Demo], proposal.Changes), CancellationToken.None);

        Assert.Null(result.Reverted);
        Assert.NotNull(result.AfterBlock);
        var simulated = Assert.Single(result.Portfolios);
        var trader = Assert.Single(simulated.Accounts, a => a.PositionId.EndsWith(DemoChain.Trader.ToString(), StringComparison.Ordinal));
        Assert.True(trader.HealthAfter < trader.HealthBefore, $"WETH's lower threshold must lower the trader's HF ({trader.HealthBefore} → {trader.HealthAfter})");
        Assert.True(trader.BorrowingPowerAfter < trader.BorrowingPowerBefore);
        // The formula reproduces the chain's own figures, before and after, to the last unit.
        Assert.Equal(trader.HealthBefore!.Value, trader.FormulaBefore!.HealthFactor, 15);
        Assert.Equal(trader.HealthAfter!.Value, trader.FormulaAfter!.HealthFactor, 15);
        var treasury = Assert.Single(simulated.Accounts, a => a.PositionId.EndsWith(DemoChain.Treasury.ToString(), StringComparison.Ordinal));
        Assert.Equal(treasury.HealthBefore, treasury.HealthAfter); // WETH is only its debt: the threshold does not enter

        // For real: the Governor executes the queued proposal in a block at the simulated time.
        var receipt = await proposal.ExecuteAtAsync(Chain, at);
        Assert.True(receipt.Succeeded);
        var block = await Chain.BlockAsync(receipt.BlockNumber);
        Assert.Equal(at, block.Timestamp.ToUnixTimeSeconds());
        var live = await new PortfolioPositionsReader(Chain.Profile, new PositionDiscoveryCache(), new PositionsReaderOptions())
            .ReadAsync(Chain.Eth, Demo.Addresses, ExposureWeb.Chain.Rpc.BlockParameter.FromNumber(receipt.BlockNumber), CancellationToken.None);
        var liveTrader = Assert.Single(live.Of(PositionProtocols.AaveV3), p => p.Owner == DemoChain.Trader).Decoded["healthFactor"];
        Assert.True(Relative(trader.HealthAfter!.Value, liveTrader) <= 1e-9, $"simulated {trader.HealthAfter:G17} vs live {liveTrader:G17}");
        Assert.Equal(simulated.After!.MinHealthFactor!.Value, liveTrader, 12);
    }
}
