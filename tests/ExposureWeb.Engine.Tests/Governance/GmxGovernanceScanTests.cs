using System.Globalization;
using System.Numerics;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.GmxV2;
using ExposureWeb.Data.Governance;
using ExposureWeb.DevChain.Deployment;
using ExposureWeb.Engine.Governance;
using ExposureWeb.Engine.Tests.Resilience;
using ExposureWeb.Risk.Governance;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Contracts;
using Xunit.Abstractions;

namespace ExposureWeb.Engine.Tests.Governance;

/// <summary>
/// A Governor proposal on GMX v2's margin parameters (the timelock controls the demo's DataStore): the scan decodes it,
/// simulates it on a fork and reports the demo portfolio's GMX perp moving — maintenance ratio and liquidation price.
/// </summary>
public sealed class GmxGovernanceScanTests(ITestOutputHelper output)
{
    private const string Chain = "local";

    [Fact]
    public async Task ScanAsync_ProposalRaisesEthMarketMinCollateralFactorToFivePercent_ReportShowsTheGmxPerpsMarginAndLiquidationPriceMoving()
    {
        await using var engine = await EngineHarness.StartAsync(output);
        var scans = engine.Services.GetRequiredService<GovernanceScanService>();
        var store = engine.Services.GetRequiredService<GovernanceStore>();
        var tx = new DemoTransactions(engine.Chain.Web3, CancellationToken.None);
        var governance = new GovernanceDeployment(
            Address.Parse(engine.Profile.Governance!.Governor), Address.Parse(engine.Profile.Governance.Timelock), Address.Parse(engine.Profile.Governance.Token));
        var dataStore = Address.Parse(engine.Profile.GmxV2!.DataStore);
        var markets = await engine.Chain.QueryOutputAsync<GetMarketsFunction, MarketsOutput>(Address.Parse(engine.Profile.GmxV2.Reader),
            new GetMarketsFunction { DataStore = dataStore.ToString(), Start = 0, End = 10 });
        var ethMarket = Address.Parse(Assert.Single(markets.Markets, m => Address.Parse(m.IndexToken) == engine.Chain.Token("WETH")).MarketToken);

        var first = await scans.ScanAsync(Chain, CancellationToken.None);
        Assert.True(first.ParameterRoundTrips <= 3, $"{first.ParameterRoundTrips} round trips");

        var call = new SetUintFunction { Key = GmxKeys.MinCollateralFactorKey(ethMarket), Value = 5 * BigInteger.Pow(10, 28) };
        var proposal = GovernanceProposal.Single(dataStore, call.GetCallData(), "GMX ETH/USD: raise the min collateral factor to 5%");
        var (id, _) = await GovernanceDemo.ProposeAsync(tx, governance, proposal);
        var scan = await scans.ScanAsync(Chain, CancellationToken.None);

        var entry = Assert.Single(await store.ProposalsAsync(Chain, CancellationToken.None), p => p.ProposalId == id.ToString(CultureInfo.InvariantCulture));
        Assert.Contains(entry.LatestReportId!.Value, scan.ReportIds);
        var report = (await store.ReportAsync(entry.LatestReportId.Value, CancellationToken.None))!;
        var header = GovernanceJson.Read<ImpactReport>(report.HeaderJson);
        var demo = GovernanceJson.Read<PortfolioImpact>(Assert.Single(await store.RowsAsync(report.Id, [engine.PortfolioId], CancellationToken.None)).ImpactJson);

        // Decoded against the scan: 1% → 5% (30-decimals integers), executed by the timelock on the fork without a revert.
        Assert.Equal("GMX DataStore", Assert.Single(header.Calls).TargetName);
        Assert.Equal(
            [new ParameterChange(ParameterScopes.PerpMarket, ethMarket.ToString(), "ETH/USD", ParameterNames.MinCollateralFactor,
                "10000000000000000000000000000", "50000000000000000000000000000", ParameterUnits.Factor30)],
            header.Changes);
        Assert.Null(header.Revert);
        Assert.False(header.FormulaCovers); // the Aave formula does not model perps: the simulation is the figure
        Assert.True(demo.Affected);

        // The trader's ETH long (10 @ 3 000 on 2.5 ETH): liq = 30 000 / (12.5 − 10 l): 2 419.35… at 1%, 2 500 at 5%.
        var gmx = Assert.Single(demo.Margins, m => m.PositionId.StartsWith(PositionProtocols.GmxV2, StringComparison.Ordinal) && m.MaintenanceAfter is > 0.04);
        Assert.Equal(0.01, gmx.MaintenanceBefore!.Value, 1e-12);
        Assert.Equal(0.05, gmx.MaintenanceAfter!.Value, 1e-12);
        Assert.Equal(gmx.Before!.Value, gmx.After!.Value, 1e-12); // the equity does not move, what it must cover does
        var liquidation = Assert.Single(demo.Liquidations, l => l.PositionId == gmx.PositionId && l.Underlying == "ETH");
        Assert.Equal(30_000 / 12.4, liquidation.PriceBeforeUsd!.Value, 1e-6);
        Assert.Equal(2_500, liquidation.PriceAfterUsd!.Value, 1e-6);
        // The BTC market is untouched: the treasury's short keeps its 1% and its liquidation price.
        var btc = Assert.Single(demo.Margins, m => m.PositionId.StartsWith(PositionProtocols.GmxV2, StringComparison.Ordinal) && m.PositionId != gmx.PositionId);
        Assert.Equal((0.01, 0.01), (btc.MaintenanceBefore!.Value, btc.MaintenanceAfter!.Value));
    }
}
