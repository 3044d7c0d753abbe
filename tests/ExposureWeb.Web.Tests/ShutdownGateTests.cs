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

        // Asked from inside the stopping notification: stopping has begun (the token is cancelled) but the host has not yet
        // stopped the test server, which it does right after and which a request sent later could find disposed.
        var lifetime = factory.Services.GetRequiredService<IHostApplicationLifetime>();
        HttpResponseMessage? live = null, negotiate = null;
        using var registration = lifetime.ApplicationStopping.Register(() =>
        {
            live = client.GetAsync("/health/live").GetAwaiter().GetResult();
            negotiate = client.PostAsync("/_blazor/negotiate?negotiateVersion=1", content: null).GetAwaiter().GetResult();
        });
        lifetime.StopApplication();
        Assert.NotNull(live);
        Assert.NotNull(negotiate);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, live.StatusCode);
        Assert.True(live.Headers.ConnectionClose);
        Assert.NotNull(live.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, negotiate.StatusCode);
        live.Dispose();
        negotiate.Dispose();
    }
}
