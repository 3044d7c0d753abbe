using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Tests.Integration;

/// <summary>
/// One anvil process on a loopback port. Killed (with its process tree) on dispose, and on test-host exit as a
/// last resort, so no node outlives the test run.
/// </summary>
public sealed class AnvilNode : IAsyncDisposable
{
    private const string RelativeBinary = "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil";
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(20);
    private static readonly HashSet<Process> Running = [];

    private readonly Process _process;
    private readonly StringBuilder _output;
    private bool _disposed;

    static AnvilNode()
    {
        // Dispose normally stops the node; this covers a test host that is torn down without disposing fixtures.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            lock (Running)
            {
                foreach (Process process in Running)
                {
                    TryKill(process);
                }
            }
        };
    }

    private AnvilNode(Process process, StringBuilder output, int port)
    {
        _process = process;
        _output = output;
        Port = port;
        HttpUrl = new Uri($"http://127.0.0.1:{port}");
        WebSocketUrl = new Uri($"ws://127.0.0.1:{port}");
    }

    /// <summary>The loopback TCP port anvil listens on (HTTP and WebSocket share it).</summary>
    public int Port { get; }

    /// <summary>JSON-RPC over HTTP.</summary>
    public Uri HttpUrl { get; }

    /// <summary>JSON-RPC over WebSocket, same port.</summary>
    public Uri WebSocketUrl { get; }

    /// <summary>Starts anvil on <paramref name="port"/> (or a free port) and waits until it answers eth_chainId.</summary>
    public static async Task<AnvilNode> StartAsync(int? port = null)
    {
        // A port picked as free can be taken by someone else before anvil binds it; pick again in that case.
        for (int attempt = 1; ; attempt++)
        {
            int chosen = port ?? FreeLoopbackPort();
            try
            {
                return await StartOnPortAsync(chosen);
            }
            catch (AnvilExitedException) when (port is null && attempt < 3)
            {
            }
        }
    }

    /// <summary>Stops anvil (process tree) and waits for it to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        lock (Running)
        {
            Running.Remove(_process);
        }

        TryKill(_process);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException($"anvil (pid {_process.Id}) did not exit within 10 s");
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>What anvil printed (stdout and stderr), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private static async Task<AnvilNode> StartOnPortAsync(int port)
    {
        var startInfo = new ProcessStartInfo(FindBinary())
        {
            ArgumentList = { "--port", port.ToString(), "--host", "127.0.0.1", "--quiet" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        var output = new StringBuilder();
        var process = new Process { StartInfo = startInfo };

        // Drain both pipes; a full pipe would block anvil.
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        lock (Running)
        {
            Running.Add(process);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var node = new AnvilNode(process, output, port);
        try
        {
            await node.WaitUntilReadyAsync();
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var rpc = new JsonRpcHttpClient(HttpUrl, TimeSpan.FromSeconds(1));
        var eth = new EthClient(rpc);
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new AnvilExitedException($"anvil exited with code {_process.ExitCode} before answering on port {Port}: {Output}");
            }

            try
            {
                await eth.ChainIdAsync();
                return;
            }
            catch (RpcUnavailableException) when (stopwatch.Elapsed < StartupLimit)
            {
                await Task.Delay(25); // poll interval while anvil binds its port
            }
        }
    }

    private static string FindBinary()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, RelativeBinary);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"anvil not found: no {RelativeBinary} above {AppContext.BaseDirectory}; run `npm ci` at the repository root");
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < 64 * 1024)
            {
                output.AppendLine(line);
            }
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Already exited.
        }
    }

    private sealed class AnvilExitedException(string message) : Exception(message);
}
