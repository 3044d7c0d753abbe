using System.Net;
using ExposureWeb.Data;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.ManualPositions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.ManualPositions;

/// <summary>The manual positions page as a browser's first (prerendered) request gets it.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class ManualPositionsPageTests(SharedApp app)
{
    private async Task<(HttpStatusCode Status, string Html)> GetAsync(string path)
    {
        using var response = await app.Factory.CreateClient().GetAsync(path);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task ManualPage_UnknownPortfolio_200WithNotFoundAlertNoPanel()
    {
        var (status, html) = await GetAsync("/portfolios/987654/manual");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-testid=\"portfolio-not-found\"", html, StringComparison.Ordinal);
        Assert.Contains("Portfolio 987654 does not exist.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"manual-positions\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManualPage_PortfolioWithPositions_TitleFormatHintAndRows()
    {
        var db = app.Factory.Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>();
        int id;
        await using (var context = await db.CreateDbContextAsync())
        {
            var portfolio = new Portfolio { Name = "Treasury " + Guid.NewGuid().ToString("N")[..6], ChainName = "local" };
            context.Portfolios.Add(portfolio);
            await context.SaveChangesAsync();
            id = portfolio.Id;
        }
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
        var db = app.Factory.Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>();
        await using var context = await db.CreateDbContextAsync();
        var portfolio = new Portfolio { Name = "Empty " + Guid.NewGuid().ToString("N")[..6], ChainName = "local" };
        context.Portfolios.Add(portfolio);
        await context.SaveChangesAsync();

        var (_, html) = await GetAsync($"/portfolios/{portfolio.Id}/manual");

        Assert.Contains("No manual positions yet: add one, or import a CSV file.", html, StringComparison.Ordinal);
    }
}
