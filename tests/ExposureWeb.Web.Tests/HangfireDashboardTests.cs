using System.Net;
using Microsoft.AspNetCore.Http;

namespace ExposureWeb.Web.Tests;

[Collection(SharedAppCollection.Name)]
public sealed class HangfireDashboardTests(SharedApp app)
{
    private async Task<int> GetDashboardFromAsync(string remoteAddress)
    {
        var context = await app.Factory.Server.SendAsync(ctx =>
        {
            ctx.Request.Method = HttpMethods.Get;
            ctx.Request.Path = "/hangfire";
            ctx.Connection.RemoteIpAddress = IPAddress.Parse(remoteAddress);
        });
        return context.Response.StatusCode;
    }

    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData("10.0.0.5")]
    [InlineData("2001:db8::7")]
    [InlineData("::ffff:203.0.113.7")]
    public async Task Dashboard_NonLoopbackRemote_Refused(string remote)
    {
        var status = await GetDashboardFromAsync(remote);

        Assert.True(status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden, $"/hangfire from {remote} answered {status}");
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task Dashboard_LoopbackRemote_Served(string remote)
    {
        var status = await GetDashboardFromAsync(remote);

        Assert.Equal(StatusCodes.Status200OK, status);
    }

    [Fact]
    public async Task Dashboard_NoRemoteAddress_Refused()
    {
        var context = await app.Factory.Server.SendAsync(ctx =>
        {
            ctx.Request.Method = HttpMethods.Get;
            ctx.Request.Path = "/hangfire";
            ctx.Connection.RemoteIpAddress = null;
        });

        Assert.True(context.Response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden, $"answered {context.Response.StatusCode}");
    }
}
