namespace ExposureWeb.Web.Tests.Hosting;

/// <summary>Where the app may listen without a public origin, and the mistakes in the proxy settings that stop it at start.</summary>
public sealed class OriginConfigurationTests
{
    private static async Task<string> StartFailureAsync(Dictionary<string, string?> settings, bool kestrel = false)
    {
        await using var factory = new ExposureWebFactory(settings);
        if (kestrel) factory.UseKestrel();
        var error = Record.Exception(() => factory.StartServer());
        Assert.NotNull(error);
        return Flatten(error);
    }

    private static string Flatten(Exception error) =>
        error is AggregateException aggregate ? string.Join(Environment.NewLine, aggregate.InnerExceptions.Select(Flatten))
        : error.InnerException is { } inner ? error.Message + Environment.NewLine + Flatten(inner)
        : error.Message;

    [Fact]
    public async Task Start_ListensBeyondLoopbackWithoutPublicOrigin_FailsNamingTheSetting()
    {
        var message = await StartFailureAsync(new() { ["urls"] = "http://0.0.0.0:0" }, kestrel: true);

        Assert.Contains("Auth:PublicOrigin is not set", message, StringComparison.Ordinal);
        Assert.Contains("0.0.0.0", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://exposure.example.com/app", "has more than scheme, host and port")]
    [InlineData("ftp://exposure.example.com", "is not an http(s) origin")]
    public async Task Start_PublicOriginNotAnOrigin_FailsNamingTheKey(string origin, string reason)
    {
        var message = await StartFailureAsync(new() { ["Auth:PublicOrigin"] = origin });

        Assert.Contains("Auth:PublicOrigin", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Proxy:KnownProxies:0", "nginx.internal", "is not an IP address")]
    [InlineData("Proxy:KnownNetworks:0", "10.0.0.0/33", "is not a network in CIDR form")]
    [InlineData("Proxy:KnownNetworks:0", "10.0.0.1/8", "is not a network in CIDR form")]
    [InlineData("Proxy:KnownNetworks:0", "10.0.0.0", "is not a network in CIDR form")]
    [InlineData("Jobs:DashboardAdmins:0", "0x1234", "is not a wallet address")]
    public async Task Start_ProxyOrAdminSettingMalformed_FailsNamingTheValue(string key, string value, string reason)
    {
        var message = await StartFailureAsync(new() { [key] = value });

        Assert.Contains($"'{value}' {reason}", message, StringComparison.Ordinal);
    }
}
