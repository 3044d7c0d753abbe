using ExposureWeb.Hosting;

namespace ExposureWeb.Web.Tests.Hosting;

/// <summary>Which origin sign-in messages name, from the configured one and the addresses the app listens on.</summary>
public sealed class AppOriginTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("https://127.0.0.2:5001", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://192.168.1.10:8080", false)]
    [InlineData("http://exposure.example.com", false)]
    public void IsLoopbackUrl_ListenAddress_OnlyThisMachineCounts(string address, bool loopback)
    {
        Assert.Equal(loopback, AppOrigin.IsLoopbackUrl(address));
    }

    [Fact]
    public void Resolve_NoPublicOriginLoopbackOnly_FirstListeningAddress()
    {
        Assert.Equal(new Uri("http://127.0.0.1:41234"), AppOrigin.Resolve(null, ["http://127.0.0.1:41234", "http://[::1]:41234"]));
    }

    [Fact]
    public void Resolve_PublicOriginSet_ItWinsWhereverTheAppListens()
    {
        Assert.Equal(new Uri("https://exposure.example.com"), AppOrigin.Resolve("https://exposure.example.com", ["http://0.0.0.0:8080"]));
    }
}
