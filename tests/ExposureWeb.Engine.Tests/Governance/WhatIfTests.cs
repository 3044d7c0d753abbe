using ExposureWeb.Data;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Governance;
using ExposureWeb.Engine.Tests.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ExposureWeb.Engine.Tests.Governance;

/// <summary>A what-if typed by a user against the same change proposed for real, on a real anvil with the demo.</summary>
public sealed class WhatIfTests(ITestOutputHelper output)
{
    private static async Task<int> UserAsync(EngineHarness engine)
    {
        await using var db = await engine.Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>().CreateDbContextAsync();
        var user = new User { Address = DemoChain.Trader.ToString(), CreatedAt = DateTimeOffset.UtcNow, LastSignInAt = DateTimeOffset.UtcNow };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }

    [Fact]
    public async Task RunAsync_SameChangeAsTheQueuedProposal_SameCallsAndSameNumbers()
    {
        await using var engine = await EngineHarness.StartAsync(output);
        var scan = await engine.Services.GetRequiredService<GovernanceScanService>().ScanAsync("local", CancellationToken.None);
        var reports = engine.Services.GetRequiredService<GovernanceReports>();
        var userId = await UserAsync(engine);
        var proposal = (await reports.GetAsync(Assert.Single(scan.ReportIds), userId, [engine.PortfolioId], CancellationToken.None))!.Report;

        // The demo's queued proposal is "WETH LTV 77.5%, threshold 80%, bonus unchanged": typed as a what-if, at its time.
        var outcome = await engine.Services.GetRequiredService<WhatIfService>().RunAsync("local", "WETH ltv 77.5%; WETH liquidation threshold 80%",
            userId, [engine.PortfolioId], proposal.ExecutedAt, CancellationToken.None);

        Assert.Empty(outcome.Errors);
        var whatIf = outcome.Report!;
        Assert.Equal(ImpactReportKinds.WhatIf, whatIf.Kind);
        Assert.Equal(proposal.CalldataHash, whatIf.CalldataHash);
        Assert.Equal(proposal.ExecutedAt, whatIf.ExecutedAt);
        var a = Assert.Single(proposal.Portfolios);
        var b = Assert.Single(whatIf.Portfolios);
        Assert.True(b.Affected);
        Assert.Equal(a.HealthBefore, b.HealthBefore);
        Assert.Equal(a.HealthAfter, b.HealthAfter);
        Assert.Equal(a.BorrowingPowerAfterUsd, b.BorrowingPowerAfterUsd);
        Assert.Equal(a.Accounts.Select(x => (x.PositionId, x.HealthAfter, x.HealthFormula)), b.Accounts.Select(x => (x.PositionId, x.HealthAfter, x.HealthFormula)));
        Assert.Equal(a.Liquidations.Select(l => l.PriceAfterUsd), b.Liquidations.Select(l => l.PriceAfterUsd));
    }

    [Theory]
    [InlineData("WETH liquidation threshold 78%", "LTV 80.5% above the liquidation threshold 78%")]
    [InlineData("DOGE ltv 50%", "no reserve \"DOGE\"")]
    [InlineData("WETH ltv fifty", "is not \"<symbol> <parameter> <value>\"")]
    [InlineData("WETH colour 5%", "unknown parameter \"colour\"")]
    public async Task RunAsync_BadInput_ErrorInWordsAndNothingStored(string change, string expected)
    {
        await using var engine = await EngineHarness.StartAsync(output);
        var userId = await UserAsync(engine);

        var outcome = await engine.Services.GetRequiredService<WhatIfService>().RunAsync("local", change, userId, [engine.PortfolioId], null, CancellationToken.None);

        Assert.Null(outcome.ReportId);
        Assert.Contains(outcome.Errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
        await using var db = await engine.Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.GovernanceReports.CountAsync());
    }

    [Fact]
    public async Task GetAsync_AnotherUsersWhatIf_NotFound()
    {
        await using var engine = await EngineHarness.StartAsync(output);
        var owner = await UserAsync(engine);
        var outcome = await engine.Services.GetRequiredService<WhatIfService>().RunAsync("local", "USDC supply cap 2,000,000,000", owner, [engine.PortfolioId], null, CancellationToken.None);
        var reports = engine.Services.GetRequiredService<GovernanceReports>();

        Assert.NotNull(await reports.GetAsync(outcome.ReportId!.Value, owner, [engine.PortfolioId], CancellationToken.None));
        Assert.Null(await reports.GetAsync(outcome.ReportId.Value, owner + 1, [engine.PortfolioId], CancellationToken.None));
        // A reader without the portfolio gets the report without its row.
        Assert.Empty((await reports.GetAsync(outcome.ReportId.Value, owner, [], CancellationToken.None))!.Report.Portfolios);
    }
}
