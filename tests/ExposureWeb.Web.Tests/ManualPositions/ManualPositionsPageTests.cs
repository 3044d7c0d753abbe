using System.Net;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.ManualPositions;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.ManualPositions;
using ExposureWeb.Web.Tests.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.ManualPositions;

/// <summary>The manual positions page as a browser's first (prerendered) request gets it.</summary>
[Collection(AuthAppCollection.Name)]
public sealed class ManualPositionsPageTests(AuthApp app)
{
    private async Task<(HttpStatusCode Status, string Html)> GetAsync(string path)
    {
        var session = await app.SignInAsync(TestWallet.Alice);
        using var response = await session.Client.GetAsync(path);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task ManualPage_UnknownPortfolio_200WithNotFoundAlertNoPanel()
    {
        var (status, html) = await GetAsync("/portfolios/987654/manual");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-testid=\"portfolio-not-found\"", html, StringComparison.Ordinal);
        Assert.Contains("Portfolio 987654 was not found, or it is not shared with you.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"manual-positions\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManualPage_PortfolioWithPositions_TitleFormatHintAndRows()
    {
        var id = await app.CreatePortfolioAsync(await app.SignInAsync(TestWallet.Alice), "Treasury " + Guid.NewGuid().ToString("N")[..6]);
        var store = app.Factory.Services.GetRequiredService<ManualPositionStore>();
        await store.AddAsync(id, new ManualPositionValues(ManualPositionKind.Perp, "ETH", -2.5, "Binance ETH short", EntryPriceUsd: 3150.5));

        var (status, html) = await GetAsync($"/portfolios/{id}/manual");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<title>Manual positions · Treasury", html, StringComparison.Ordinal);
        Assert.Contains(ManualPositionCsv.Header, html, StringComparison.Ordinal);
        Assert.Contains("−2.5 ETH (short)", html, StringComparison.Ordinal);
        Assert.Contains("$3,150.50", html, StringComparison.Ordinal);
        Assert.Contains("Binance ETH short", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/portfolios/{id}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManualPage_PortfolioWithoutPositions_SaysHowToAddThem()
    {
        var id = await app.CreatePortfolioAsync(await app.SignInAsync(TestWallet.Alice), "Empty " + Guid.NewGuid().ToString("N")[..6]);

        var (_, html) = await GetAsync($"/portfolios/{id}/manual");

        Assert.Contains("No manual positions yet: add one, or import a CSV file.", html, StringComparison.Ordinal);
    }
}
