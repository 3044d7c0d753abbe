using System.Net.Sockets;
using System.Text;
using ExposureWeb.Web.Tests.Auth;

namespace ExposureWeb.Web.Tests.Hosting;

/// <summary>Requests a browser never sends, written byte by byte to the real Kestrel listener: a clear 400, and nothing stored.</summary>
public sealed class MalformedRequestTests(KestrelApp app) : IClassFixture<KestrelApp>
{
    /// <summary>Sends <paramref name="request"/> as it is over a new TCP connection; returns the response's status line.</summary>
    private async Task<string> RawAsync(string request)
    {
        var listening = app.Factory.ClientOptions.BaseAddress;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(listening.Host, listening.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await reader.ReadLineAsync(timeout.Token) ?? "";
    }

    [Fact]
    public async Task Challenge_Http10WithoutHost_400AndNoNonceStored()
    {
        var body = $$"""{"address":"{{TestWallet.Dave.Address}}","chainId":{{AuthApp.ChainId}}}""";
        var before = await app.NonceCountAsync();

        var status = await RawAsync($"POST /auth/siwe/challenge HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: {Encoding.ASCII.GetByteCount(body)}\r\n\r\n{body}");

        Assert.StartsWith("HTTP/1.1 400", status, StringComparison.Ordinal);
        Assert.Equal(before, await app.NonceCountAsync());
    }

    [Theory]
    [InlineData("/signin")]
    [InlineData("/")]
    [InlineData("/api/portfolios")]
    public async Task Get_Http10WithoutHost_400(string path)
    {
        var status = await RawAsync($"GET {path} HTTP/1.0\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400", status, StringComparison.Ordinal);
    }
}
