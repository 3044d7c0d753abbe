using System.Globalization;
using System.Numerics;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Forks;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Protocols.Governance;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Data;
using ExposureWeb.Data.Governance;
using ExposureWeb.DevChain.Deployment;
using ExposureWeb.Engine.Governance;
using ExposureWeb.Engine.Tests.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nethereum.Contracts;
using Xunit.Abstractions;

namespace ExposureWeb.Engine.Tests.Governance;

/// <summary>
/// The governance scan through the engine's services on a real anvil with the demo: a proposal followed through its
/// life (created → report; queued → report again; executed for real → equal to the report), scans that overlap or die.
/// </summary>
public sealed class GovernanceScanTests(ITestOutputHelper output)
{
    private const string Chain = "local";

    private static GovernanceDeployment Governance(EngineHarness engine) => new(
        Address.Parse(engine.Profile.Governance!.Governor), Address.Parse(engine.Profile.Governance.Timelock), Address.Parse(engine.Profile.Governance.Token));

    private static async Task<GovernanceProposal> LowerWethThresholdAsync(EngineHarness engine, ushort ltv, ushort threshold, string description)
    {
        var configurator = (await DemoProposal.OfAsync(engine.Chain)).Configurator;
        var call = new ConfigureReserveAsCollateralFunction { Asset = engine.Chain.Token("WETH").ToString(), Ltv = ltv, LiquidationThreshold = threshold, LiquidationBonus = 10500 };
        return GovernanceProposal.Single(configurator, call.GetCallData(), description);
    }

    private static async Task<(ImpactReport Header, PortfolioImpact Demo)> ReportAsync(EngineHarness engine, int reportId)
    {
        var store = engine.Services.GetRequiredService<GovernanceStore>();
        var report = (await store.ReportAsync(reportId, CancellationToken.None))!;
        var row = Assert.Single(await store.RowsAsync(reportId, [engine.PortfolioId], CancellationToken.None));
        return (GovernanceJson.Read<ImpactReport>(report.HeaderJson), GovernanceJson.Read<PortfolioImpact>(row.ImpactJson));
    }

    private static async Task<double> LiveTraderHealthAsync(EngineHarness engine, ulong block)
    {
        var read = await new PortfolioPositionsReader(engine.Profile, new PositionDiscoveryCache())
            .ReadAsync(engine.Chain.Eth, [DemoChain.Trader], BlockParameter.FromNumber(block), CancellationToken.None);
        return Assert.Single(read.Of(PositionProtocols.AaveV3)).Decoded["healthFactor"];
    }

    [Fact]
    public async Task ScanAsync_ProposalThroughItsLife_ReportedAtEachStepAndEqualToTheLiveValueOnceExecuted()
    {
        await using var engine = await EngineHarness.StartAsync(output);
        var scans = engine.Services.GetRequiredService<GovernanceScanService>();
        var store = engine.Services.GetRequiredService<GovernanceStore>();
        var tx = new DemoTransactions(engine.Chain.Web3, CancellationToken.None);
        var governance = Governance(engine);

        var first = await scans.ScanAsync(Chain, CancellationToken.None);
        Assert.False(first.Skipped);
        Assert.True(first.SnapshotStored);
        Assert.True(first.ParameterRoundTrips <= 3, $"{first.ParameterRoundTrips} round trips");
        Assert.Single(first.ReportIds); // the demo's queued proposal

        // Created: within one scan, a report lists the demo portfolio with its health factor before and after.
        var proposal = await LowerWethThresholdAsync(engine, 7500, 7800, "Lower WETH liquidation threshold to 78% (LTV 75%)");
        var (id, _) = await GovernanceDemo.ProposeAsync(tx, governance, proposal);
        var created = await scans.ScanAsync(Chain, CancellationToken.None);
        var entry = Assert.Single(await store.ProposalsAsync(Chain, CancellationToken.None), p => p.ProposalId == id.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(nameof(ProposalState.Pending), entry.State);
        var (pendingHeader, pending) = await ReportAsync(engine, Assert.Single(created.ReportIds));
        Assert.Equal(entry.LatestReportId, created.ReportIds[0]);
        Assert.True(pendingHeader.EtaIsEstimate);
        Assert.Null(pendingHeader.Revert);
        Assert.True(pending.Affected);
        Assert.True(pending.HealthAfter < pending.HealthBefore, $"HF {pending.HealthBefore} → {pending.HealthAfter}");
        Assert.Contains(pendingHeader.Changes, c => c.Parameter == "liquidationThreshold" && c.Before == "8300" && c.After == "7800");

        // Queued: the report runs again, pinned to the real ETA, and says which report it follows.
        await GovernanceDemo.AdvancePastAsync(tx, await GovernanceDemo.SnapshotAsync(tx, governance, id));
        foreach (var (holder, _) in GovernanceDemo.Holders) await GovernanceDemo.VoteAsync(tx, governance, id, holder, VoteType.For);
        await GovernanceDemo.AdvancePastAsync(tx, await GovernanceDemo.DeadlineAsync(tx, governance, id));
        await GovernanceDemo.QueueAsync(tx, governance, proposal);
        var queued = await scans.ScanAsync(Chain, CancellationToken.None);
        entry = Assert.Single(await store.ProposalsAsync(Chain, CancellationToken.None), p => p.ProposalId == entry.ProposalId);
        Assert.Equal(nameof(ProposalState.Queued), entry.State);
        var reportId = Assert.Single(queued.ReportIds);
        Assert.Equal(created.ReportIds[0], (await store.ReportAsync(reportId, CancellationToken.None))!.PreviousReportId);
        var (queuedHeader, queuedImpact) = await ReportAsync(engine, reportId);
        Assert.False(queuedHeader.EtaIsEstimate);
        Assert.Equal(entry.Eta, queuedHeader.Eta);
        var trader = Assert.Single(queuedImpact.Accounts, a => a.PositionId.EndsWith(DemoChain.Trader.ToString(), StringComparison.Ordinal));
        Assert.True(trader.FormulaRelativeDifference <= 1e-12, $"formula {trader.HealthFormula:G17} vs simulated {trader.HealthAfter:G17}");

        // Executed for real at the report's execution time: the live health factor is the simulated one.
        await engine.Chain.Eth.RequestAsync<System.Text.Json.JsonElement>("evm_setNextBlockTimestamp", [HexQuantity.Format(queuedHeader.ExecutedAt.ToUnixTimeSeconds())]);
        var executed = await GovernanceDemo.ExecuteAsync(tx, governance, proposal);
        Assert.Equal(queuedHeader.ExecutedAt, (await engine.Chain.BlockAsync(executed.BlockNumber.ToUlong())).Timestamp);
        var live = await LiveTraderHealthAsync(engine, executed.BlockNumber.ToUlong());
        Assert.True(Math.Abs(live - trader.HealthAfter!.Value) / live <= 1e-9, $"live {live:G17} vs simulated {trader.HealthAfter:G17}");

        // The next scan sees the executed change as a parameter diff and the proposal as executed.
        var after = await scans.ScanAsync(Chain, CancellationToken.None);
        Assert.True(after.SnapshotStored);
        Assert.Contains(after.Changes, c => c.Parameter == "liquidationThreshold" && c.After == "7800");
        Assert.Equal(nameof(ProposalState.Executed), Assert.Single(await store.ProposalsAsync(Chain, CancellationToken.None), p => p.ProposalId == entry.ProposalId).State);
    }

    [Fact]
    public async Task ScanAsync_MalformedCall_ListedAsUnrecognisedWithItsRawDataAndTheRevert()
    {
        await using var engine = await EngineHarness.StartAsync(output);
        var scans = engine.Services.GetRequiredService<GovernanceScanService>();
        var tx = new DemoTransactions(engine.Chain.Web3, CancellationToken.None);
        var configurator = (await DemoProposal.OfAsync(engine.Chain)).Configurator;
        var garbage = new byte[] { 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03 };
        var (id, _) = await GovernanceDemo.ProposeAsync(tx, Governance(engine), GovernanceProposal.Single(configurator, garbage, "Garbage call"));

        var scan = await scans.ScanAsync(Chain, CancellationToken.None);

        var store = engine.Services.GetRequiredService<GovernanceStore>();
        var entry = Assert.Single(await store.ProposalsAsync(Chain, CancellationToken.None), p => p.ProposalId == id.ToString(CultureInfo.InvariantCulture));
        var (header, demo) = await ReportAsync(engine, entry.LatestReportId!.Value);
        var call = Assert.Single(header.Calls);
        Assert.NotNull(call.Unrecognised);
        Assert.Equal("0xdeadbeef010203", call.RawData);
        Assert.Equal("0xdeadbeef", call.Selector);
        Assert.NotNull(header.Revert); // the configurator has no such function: the proposal would revert
        Assert.False(demo.Affected);
        Assert.Contains(entry.LatestReportId!.Value, scan.ReportIds);
    }

    [Fact]
    public async Task ScanAsync_TwoAtOnce_OneRunsTheOtherIsSkipped()
    {
        await using var engine = await EngineHarness.StartAsync(output);
        var scans = engine.Services.GetRequiredService<GovernanceScanService>();

        var both = await Task.WhenAll(scans.ScanAsync(Chain, CancellationToken.None), scans.ScanAsync(Chain, CancellationToken.None));

        Assert.Equal(1, both.Count(r => r.Skipped));
        await using var db = await engine.Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, (await db.GovernanceScans.SingleAsync()).ScanCount);
        Assert.Equal(1, await db.GovernanceSnapshots.CountAsync());
    }

    [Fact]
    public async Task ScanAsync_KilledMidway_LeavesNothingAndTheNextScanAfterTheLeaseDoesItAll()
    {
        await using var engine = await EngineHarness.StartAsync(output);
        var services = engine.Services;
        var factory = services.GetRequiredService<IDbContextFactory<ExposureDbContext>>();
        using var kill = new CancellationTokenSource();
        // The scan is killed when its simulation starts: parameters and logs are read, nothing is stored yet. Its clock
        // is an hour behind, so the lease it leaves has lapsed for everyone else (as a dead process's lease would).
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1));
        var killed = new GovernanceScanService(
            services.GetRequiredService<ExposureWeb.Chain.Profiles.ChainRegistry>(), services.GetRequiredService<ChainClients>(),
            new GovernanceStore(factory, past), services.GetRequiredService<ExposureWeb.Engine.Reading.PortfolioDirectory>(),
            new ProposalSimulator(new KillingLauncher(kill), TimeProvider.System, services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EngineOptions>>(),
                services.GetRequiredService<ExposureWeb.Engine.Pricing.MarketBuilder>(), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance),
            new GovernanceImpactBook(new GovernanceStore(factory, past)),
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GovernanceOptions>>(), services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EngineOptions>>(),
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<GovernanceScanService>.Instance);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => killed.ScanAsync(Chain, kill.Token));

        await using (var db = await factory.CreateDbContextAsync())
        {
            Assert.Equal(0, await db.GovernanceSnapshots.CountAsync());
            Assert.Equal(0, await db.GovernanceProposals.CountAsync());
            Assert.Equal(0, await db.GovernanceReports.CountAsync());
            var state = await db.GovernanceScans.SingleAsync();
            Assert.NotNull(state.LeaseHolder); // a dead scan does not release its lease: it lapses
            Assert.Null(state.LastLogBlock);
        }

        var next = await services.GetRequiredService<GovernanceScanService>().ScanAsync(Chain, CancellationToken.None);
        Assert.False(next.Skipped);
        await using (var db = await factory.CreateDbContextAsync())
        {
            Assert.Equal(1, await db.GovernanceSnapshots.CountAsync());
            Assert.Equal(1, await db.GovernanceProposals.CountAsync());
            Assert.Equal(1, await db.GovernanceReports.CountAsync());
            Assert.Null((await db.GovernanceScans.SingleAsync()).LeaseHolder);
        }
    }

    /// <summary>A fork launcher that kills the scan (cancels its token) instead of forking.</summary>
    private sealed class KillingLauncher(CancellationTokenSource kill) : IChainForkLauncher
    {
        public Task<IChainFork> ForkAsync(IReadOnlyList<string> upstreamRpcUrls, ulong blockNumber, ulong chainId, CancellationToken ct)
        {
            kill.Cancel();
            ct.ThrowIfCancellationRequested();
            throw new InvalidOperationException("unreachable: the token is linked to the kill");
        }
    }
}

internal static class ReceiptBlock
{
    public static ulong ToUlong(this Nethereum.Hex.HexTypes.HexBigInteger value) => (ulong)value.Value;
}

/// <summary>An operation a proposer schedules in the timelock directly, outside the Governor: a pending change too.</summary>
public sealed class TimelockOperationScanTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ScanAsync_OperationScheduledOutsideTheGovernor_ListedQueuedWithItsEtaAndReported()
    {
        await using var engine = await EngineHarness.StartAsync(output);
        var scans = engine.Services.GetRequiredService<GovernanceScanService>();
        await scans.ScanAsync("local", CancellationToken.None);
        var governor = Address.Parse(engine.Profile.Governance!.Governor);
        var timelock = Address.Parse(engine.Profile.Governance.Timelock);
        var configurator = (await DemoProposal.OfAsync(engine.Chain)).Configurator;
        // The Governor holds the proposer role; impersonated, it schedules a call of its own (as a guardian multisig would).
        await engine.Chain.Eth.RequestAsync<System.Text.Json.JsonElement>("anvil_impersonateAccount", [governor.ToString()]);
        await engine.Chain.Eth.RequestAsync<System.Text.Json.JsonElement>("anvil_setBalance", [governor.ToString(), HexQuantity.Format(BigInteger.Pow(10, 18))]);
        var call = new ConfigureReserveAsCollateralFunction { Asset = engine.Chain.Token("WBTC").ToString(), Ltv = 6000, LiquidationThreshold = 6500, LiquidationBonus = 10500 };
        var scheduled = await engine.Chain.SendAsync(governor, timelock, new ScheduleOperationFunction
        {
            Target = configurator.ToString(), Data = call.GetCallData(), Salt = Enumerable.Repeat((byte)7, 32).ToArray(), Delay = 600,
        });
        Assert.True(scheduled.Succeeded);

        var scan = await scans.ScanAsync("local", CancellationToken.None);

        var store = engine.Services.GetRequiredService<GovernanceStore>();
        var operation = Assert.Single(await store.ProposalsAsync("local", CancellationToken.None), p => p.Governor == timelock.ToString());
        Assert.StartsWith(TimelockOperations.DescriptionPrefix, operation.Description, StringComparison.Ordinal);
        Assert.Equal(nameof(ProposalState.Queued), operation.State);
        var block = await engine.Chain.BlockAsync(scheduled.BlockNumber);
        Assert.Equal(block.Timestamp.AddSeconds(600), operation.Eta);
        var reportId = Assert.Single(scan.ReportIds);
        Assert.Equal(operation.LatestReportId, reportId);
        var report = (await store.ReportAsync(reportId, CancellationToken.None))!;
        var header = GovernanceJson.Read<ImpactReport>(report.HeaderJson);
        Assert.Contains(header.Changes, c => c.SubjectLabel == "WBTC" && c.Parameter == "liquidationThreshold" && c.After == "6500");
        Assert.Equal(operation.Eta, header.ExecutedAt);
        // The treasury supplies WBTC: the demo portfolio is affected.
        var row = Assert.Single(await store.RowsAsync(reportId, [engine.PortfolioId], CancellationToken.None));
        Assert.True(row.Affected);
    }
}
