using ExposureWeb.Chain.Profiles;
using ExposureWeb.Data;
using ExposureWeb.DevChain.Deployment;
using ExposureWeb.Engine.Governance;
using ExposureWeb.Engine.Reading;
using ExposureWeb.Web.Tests.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.Governance;

/// <summary>
/// The app over a real anvil with the demo deployed (the Governor and timelock hold the demo's queued proposal lowering
/// WETH's liquidation threshold), the demo portfolio seeded as the dev chain does, and two users signed in for real:
/// Bob (anvil account #1, the demo trader, so his own "My wallet" portfolio borrows on Aave) and Carol (#2). One scan
/// runs before the tests so the queued proposal has its report; the recurring scan is off so nothing races them.
/// </summary>
public sealed class GovernanceApp : IAsyncLifetime
{
    public const string ChainName = "local";

    private DemoChain? _chain;
    private ExposureWebFactory? _factory;

    public DemoChain Chain => _chain ?? throw new InvalidOperationException("not started");

    public ExposureWebFactory Factory => _factory ?? throw new InvalidOperationException("not started");

    public const string BobsPortfolioName = "Bob's private book";

    public int DemoPortfolioId { get; private set; }

    /// <summary>Bob's session; his "My wallet" portfolio (<see cref="AuthApp.Session.PortfolioId"/>) is in his workspace alone.</summary>
    public AuthApp.Session Bob { get; private set; } = null!;

    /// <summary>Carol's session: she sees the demo workspace (every user does) and her own, not Bob's.</summary>
    public AuthApp.Session Carol { get; private set; } = null!;

    /// <summary>The report the first scan wrote for the demo's queued proposal.</summary>
    public int QueuedProposalReportId { get; private set; }

    public async Task InitializeAsync()
    {
        _chain = await DemoChain.StartAsync();
        _factory = new ExposureWebFactory(new Dictionary<string, string?>
        {
            ["Governance:Enabled"] = "false",
            ["Engine:RpcTimeoutMs"] = "2000",
            ["Engine:PollIntervalMs"] = "500",
        }) { ShowDemoWorkspace = true };
        _ = _factory.Server;
        var services = _factory.Services;
        DemoPortfolioId = (await services.GetRequiredService<PortfolioStore>()
            .EnsureDemoAsync(ChainName, DemoMarket.Wallets.Select(w => (w.Address, w.Label)).ToList())).Id;
        services.GetRequiredService<ChainRegistry>().Register(_chain.CloneProfile());
        Bob = await SignInAsync(TestWallet.Bob);
        Carol = await SignInAsync(TestWallet.Carol);
        // A name of its own, so an export can be searched for it (both users' first portfolio is "My wallet").
        var renamed = await services.GetRequiredService<Data.Accounts.UserPortfolios>().RenameAsync(Bob.UserId, Bob.PortfolioId, BobsPortfolioName);
        Assert.True(renamed.Ok, renamed.Error);
        services.GetRequiredService<PortfolioDirectory>().Invalidate();

        var scan = await services.GetRequiredService<GovernanceScanService>().ScanAsync(ChainName, CancellationToken.None);
        Assert.False(scan.Skipped);
        QueuedProposalReportId = Assert.Single(scan.ReportIds);
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        if (_chain is not null) await _chain.DisposeAsync();
    }

    private Task<AuthApp.Session> SignInAsync(TestWallet wallet) => AuthApp.SignInAsync(Factory, wallet);
}

[CollectionDefinition(Name)]
public sealed class GovernanceAppCollection : ICollectionFixture<GovernanceApp>
{
    public const string Name = "app on the demo chain (governance)";
}
