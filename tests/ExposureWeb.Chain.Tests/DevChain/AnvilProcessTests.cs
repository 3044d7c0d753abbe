using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Anvil;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>
/// <see cref="AnvilProcess"/> lifecycle on Linux: anvil under the /bin/sh watchdog, stopped by dispose (which closes the
/// watchdog's stdin), and noticed when something else kills it. Each test starts its own node.
/// </summary>
public sealed class AnvilProcessTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private AnvilProcess? _anvil;

    private AnvilProcess Anvil => _anvil ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        _anvil = await AnvilProcess.StartOnFreePortAsync(AnvilLocator.Find(null, AppContext.BaseDirectory), statePath: null, limit.Token);
    }

    public async Task DisposeAsync()
    {
        if (_anvil is null) return;
        var port = _anvil.Port;
        await _anvil.DisposeAsync();
        // Whatever a test did, leave nothing of this port behind (kill only processes carrying our own port).
        foreach (var (pid, _) in ProcFs.WithPortArgument(port))
        {
            try
            {
                using var leftover = Process.GetProcessById(pid);
                leftover.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
            }
        }
    }

    [Fact]
    public async Task StartAsync_FreePort_AnswersOnLoopbackUnderShellWatchdog()
    {
        using var rpc = new JsonRpcHttpClient(Anvil.RpcUrl, TimeSpan.FromSeconds(5));

        var chainId = await new EthClient(rpc).ChainIdAsync();

        Assert.Equal(31337UL, chainId);
        Assert.Equal(new Uri($"http://127.0.0.1:{Anvil.Port}"), Anvil.RpcUrl);
        Assert.Equal(new Uri($"ws://127.0.0.1:{Anvil.Port}"), Anvil.WsUrl);
        Assert.False(Anvil.HasExited);
        var anvilPid = Assert.Single(ProcFs.AnvilPids(Anvil.Port));
        var parent = ProcFs.WithPortArgument(Anvil.Port).Single(p => p.Pid == ProcFs.ParentPid(anvilPid));
        Assert.Equal("/bin/sh", parent.Argv[0]);
        Assert.Equal(Environment.ProcessId, ProcFs.ParentPid(parent.Pid));
    }

    [Fact]
    public async Task DisposeAsync_RunningNode_ClosingWatchdogStdinStopsAnvilAndFreesPort()
    {
        var port = Anvil.Port;
        Assert.Single(ProcFs.AnvilPids(port));
        var clock = Stopwatch.StartNew();

        await Anvil.DisposeAsync();
        var took = clock.Elapsed;
        _anvil = null;

        // DisposeAsync falls back to Kill only after a 5 s grace; finishing well inside it means the watchdog saw its
        // stdin close and stopped anvil itself.
        Assert.True(took < TimeSpan.FromSeconds(4), $"dispose took {took.TotalSeconds:0.0} s");
        await Poll.UntilAsync(() => ProcFs.WithPortArgument(port).Count == 0, $"anvil and its watchdog on port {port} to exit");
        await Poll.UntilAsync(() => !IsListening(port), $"port {port} to stop listening");
    }

    [Fact]
    public async Task DisposeAsync_Twice_SecondIsHarmless()
    {
        await Anvil.DisposeAsync();
        await Anvil.DisposeAsync();
        _anvil = null;
    }

    [Fact]
    public async Task Exited_AnvilKilledExternally_CompletesAndHasExitedTurnsTrue()
    {
        var anvilPid = Assert.Single(ProcFs.AnvilPids(Anvil.Port));
        Assert.False(Anvil.Exited.IsCompleted);

        using (var victim = Process.GetProcessById(anvilPid))
        {
            victim.Kill(); // SIGKILL on Unix
        }

        await Anvil.Exited.WaitAsync(Deadline);
        Assert.True(Anvil.HasExited);
        await Poll.UntilAsync(() => !IsListening(Anvil.Port), "the port to stop listening");
        // The watchdog stops its stdin reader once anvil is gone: nothing of this node is left, even before dispose.
        await Poll.UntilAsync(() => ProcFs.WithPortArgument(Anvil.Port).Count == 0, "the watchdog to exit with anvil");
    }

    [Fact]
    public async Task DisposeAsync_AfterExternalKill_LeavesNoWatchdogBehind()
    {
        var port = Anvil.Port;
        using (var victim = Process.GetProcessById(Assert.Single(ProcFs.AnvilPids(port))))
        {
            victim.Kill();
        }
        await Anvil.Exited.WaitAsync(Deadline);

        await Anvil.DisposeAsync();
        _anvil = null;

        // The watchdog's reader loop must not outlive the node: its stdin closes with the Process object.
        await Poll.UntilAsync(() => ProcFs.WithPortArgument(port).Count == 0, $"the watchdog for port {port} to exit");
    }

    internal static bool IsListening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
