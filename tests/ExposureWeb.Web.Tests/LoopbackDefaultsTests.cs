using ExposureWeb.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace ExposureWeb.Web.Tests;

public sealed class LoopbackDefaultsTests
{
    private static string? ServerUrls(params string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.UseLoopbackByDefault();
        return builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
    }

    [Fact]
    public void UseLoopbackByDefault_NoUrlsConfigured_ListensOn127001Port5000()
    {
        Assert.Equal("http://127.0.0.1:5000", ServerUrls());
        Assert.Equal(LoopbackDefaults.DefaultUrl, ServerUrls());
    }

    [Fact]
    public void UseLoopbackByDefault_ExplicitUrlsArgument_ArgumentWins()
    {
        Assert.Equal("http://0.0.0.0:8080", ServerUrls("--urls", "http://0.0.0.0:8080"));
    }

    [Fact]
    public void UseLoopbackByDefault_UrlsKeyInCommandLineConfiguration_ItWins()
    {
        Assert.Equal("http://[::]:8081", ServerUrls("--urls=http://[::]:8081"));
    }

    [Fact]
    public void UseLoopbackByDefault_HttpPortsConfigured_DoesNotForceLoopbackUrl()
    {
        var builder = WebApplication.CreateBuilder(["--http_ports", "8082"]);
        builder.UseLoopbackByDefault();

        Assert.Null(builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));
        Assert.Equal("8082", builder.WebHost.GetSetting(WebHostDefaults.HttpPortsKey));
    }
}
