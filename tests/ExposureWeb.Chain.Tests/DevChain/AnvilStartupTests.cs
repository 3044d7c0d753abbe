using System.Net;
using System.Net.Sockets;
using ExposureWeb.DevChain.Anvil;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary><see cref="AnvilLocator"/>, <see cref="FreePort"/> and a start that cannot succeed; no node is left running.</summary>
public sealed class AnvilStartupTests
{
    [Fact]
    public async Task StartAsync_PortAlreadyTaken_ThrowsNamingPortAndLeavesNothingRunning()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var path = AnvilLocator.Find(null, AppContext.BaseDirectory);

        var error = await Assert.ThrowsAsync<AnvilExitedException>(() => AnvilProcess.StartAsync(path, port, null, CancellationToken.None));

        Assert.Contains($"anvil did not come up on port {port}", error.Message, StringComparison.Ordinal);
        await Poll.UntilAsync(() => ProcFs.WithPortArgument(port).Count == 0, $"nothing to be left running for port {port}");
    }

    [Fact]
    public void Find_ConfiguredPathMissing_ThrowsNamingThePath()
    {
        var error = Assert.Throws<FileNotFoundException>(() => AnvilLocator.Find("/nonexistent/anvil-bin", AppContext.BaseDirectory));

        Assert.Contains("/nonexistent/anvil-bin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_NotConfigured_FindsRepositoryNodeModulesBinary()
    {
        var path = AnvilLocator.Find(null, AppContext.BaseDirectory);

        Assert.EndsWith("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil", path, StringComparison.Ordinal);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Pick_Called_ReturnsLoopbackPortThatCanBeBound()
    {
        var port = FreePort.Pick();

        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        Assert.InRange(port, 1, 65535);
    }
}
