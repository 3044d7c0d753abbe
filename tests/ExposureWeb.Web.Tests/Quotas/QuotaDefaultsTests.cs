using ExposureWeb.Data.ManualPositions;
using ExposureWeb.Data.Quotas;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.ManualPositions;
using ExposureWeb.Web.Tests.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Web.Tests.Quotas;

/// <summary>The quotas as the app starts without any setting: issue 15's two 5,000-line imports no longer add up.</summary>
[Collection(AuthAppCollection.Name)]
public sealed class QuotaDefaultsTests(AuthApp app)
{
    [Fact]
    public void Options_NoSetting_SafeDefaults()
    {
        var quotas = app.Factory.Services.GetRequiredService<IOptions<QuotaOptions>>().Value;

        Assert.Equal(
            (5_000, 50, 100, 500, 100, 20, 30),
            (quotas.ManualPositionsPerPortfolio, quotas.WatchedAddressesPerPortfolio, quotas.PortfoliosPerWorkspace, quotas.AlertRulesPerWorkspace,
                quotas.ShareLinksPerWorkspace, quotas.ApiTokensPerUser, quotas.ManualPositionImportsPerHour));
    }

    [Fact]
    public async Task ImportCsvAsync_SecondFullFileOf5000_RefusedNothingSaved()
    {
        var session = await AuthApp.SignInAsync(app.Factory, new TestWallet("0x" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))));
        var store = app.Factory.Services.GetRequiredService<ManualPositionStore>();
        Assert.Equal(ManualPositionOutcome.Saved, (await store.ImportCsvAsync(session.PortfolioId, new StringReader(QuotaApp.Csv(5_000)))).Outcome);

        var second = await store.ImportCsvAsync(session.PortfolioId, new StringReader(QuotaApp.Csv(5_000)));
        var one = await store.AddAsync(session.PortfolioId, new ManualPositionValues(ManualPositionKind.Spot, "ETH", 1));

        Assert.Equal(ManualPositionOutcome.QuotaReached, second.Outcome);
        Assert.Equal(ManualPositionOutcome.QuotaReached, one.Outcome);
        Assert.Equal("This portfolio holds 5,000 manual positions, the most allowed (Quotas:ManualPositionsPerPortfolio); delete some or raise the limit.", one.Message);
        Assert.Equal(5_000, (await store.ListPageAsync(session.PortfolioId, 0, 1)).Total);
    }
}
