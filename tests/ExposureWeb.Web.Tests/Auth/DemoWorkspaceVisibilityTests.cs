using System.Net;
using ExposureWeb.Data;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.Auth;

/// <summary>With the dev chain off, a demo workspace left in the database from an earlier run is nobody's to see.</summary>
public sealed class DemoWorkspaceVisibilityTests : IAsyncLifetime
{
    private readonly ExposureWebFactory _factory = new(AuthApp.ChainSettings());

    public Task InitializeAsync()
    {
        _ = _factory.Server;
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task Portfolios_DevChainDisabled_DemoWorkspaceNeitherListedNorReadable()
    {
        var demo = await _factory.Services.GetRequiredService<PortfolioStore>().EnsureDemoAsync("local", [("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "Demo trader")]);
        var session = await AuthApp.SignInAsync(_factory, TestWallet.Bob);

        var list = await session.Client.GetStringAsync("/api/portfolios");
        using var one = await session.Client.GetAsync($"/api/portfolios/{demo.Id}");
        using var rules = await session.Client.GetAsync($"/api/portfolios/{demo.Id}/alert-rules");
        using var page = await session.Client.GetAsync($"/portfolios/{demo.Id}");

        Assert.DoesNotContain("Demo portfolio", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, one.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, rules.StatusCode);
        Assert.DoesNotContain("Demo portfolio", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
