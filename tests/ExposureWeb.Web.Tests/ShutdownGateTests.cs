using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ExposureWeb.Web.Tests;

/// <summary>Once the app is stopping, no new request (a tab reconnecting its circuit) may hold the shutdown open.</summary>
public sealed class ShutdownGateTests
{
    [Fact]
    public async Task Request_AppStopping_Refused503WithConnectionClose()
    {
        await using var factory = new ExposureWebFactory();
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        factory.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        using var live = await client.GetAsync("/health/live");
        using var negotiate = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", content: null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, live.StatusCode);
        Assert.True(live.Headers.ConnectionClose);
        Assert.NotNull(live.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, negotiate.StatusCode);
    }
}
