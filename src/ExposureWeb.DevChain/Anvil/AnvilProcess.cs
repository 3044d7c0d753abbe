using System.Diagnostics;
using System.Globalization;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.DevChain.Anvil;

/// <summary>
/// One running anvil node on 127.0.0.1. On Unix it runs under a tiny shell watchdog that holds our
/// end of a pipe: if this process dies without cleaning up (even SIGKILL), the pipe closes and the
/// watchdog kills anvil, so no node outlives the app.
/// </summary>
public sealed class AnvilProcess : IAsyncDisposable
{
    // $0 is anvil, "$@" its arguments. fd 3 keeps our stdin pipe (a background job's own stdin is
    // /dev/null); the reader exits when that pipe closes and then kills anvil. `wait` makes the shell
    // exit as soon as anvil does, which is how an unexpected exit is noticed. The reader must not hold
    // our stdout/stderr pipes (WaitForExitAsync waits for their EOF), and it is stopped when anvil
    // exits, so nothing outlives the node; the shell exits with anvil's status.
    private const string Watchdog = "exec 3<&0; \"$0\" \"$@\" </dev/null & pid=$!; (while read -r _ <&3; do :; done; kill $pid 2>/dev/null) >/dev/null 2>&1 & reader=$!; wait $pid; status=$?; kill $reader 2>/dev/null; exit $status";

    private readonly Process _process;
    private bool _disposed;

    private AnvilProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        RpcUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        WsUrl = new Uri($"ws://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
    }

    public int Port { get; }

    public Uri RpcUrl { get; }

    public Uri WsUrl { get; }

    /// <summary>Completes when the node exits, for whatever reason.</summary>
    public Task Exited => _process.WaitForExitAsync();

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts anvil and waits until it has bound its port (it says so on stdout) and answers
    /// <c>eth_chainId</c>. Waiting for our own process's "Listening on" line matters: another node
    /// on the same port would otherwise answer in its place.
    /// </summary>
    /// <param name="port">Loopback port.</param>
    /// <param name="statePath">
    /// A state file (<see cref="AnvilStateStore"/>) to start from, when present: the chain resumes at its head. The node
    /// never writes it; the app does.
    /// </param>
    public static Task<AnvilProcess> StartAsync(string anvilPath, int port, string? statePath, CancellationToken ct)
    {
        var args = new List<string> { "--chain-id", "31337", "--accounts", "10" };
        if (statePath is not null && File.Exists(statePath)) args.AddRange(["--load-state", statePath]);
        return StartWithArgumentsAsync(anvilPath, port, args, ct);
    }

    /// <summary>
    /// Starts anvil as a fork of <paramref name="forkUrl"/> at <paramref name="forkBlock"/>, keeping the chain's id, with
    /// every sender accepted unsigned (<c>--auto-impersonate</c>): a scratch copy to execute transactions on.
    /// </summary>
    public static Task<AnvilProcess> StartForkAsync(string anvilPath, int port, string forkUrl, ulong forkBlock, ulong chainId, CancellationToken ct) =>
        StartWithArgumentsAsync(anvilPath, port,
        [
            "--fork-url", forkUrl, "--fork-block-number", forkBlock.ToString(CultureInfo.InvariantCulture),
            "--chain-id", chainId.ToString(CultureInfo.InvariantCulture), "--auto-impersonate", "--accounts", "1",
        ], ct);

    private static async Task<AnvilProcess> StartWithArgumentsAsync(string anvilPath, int port, IReadOnlyList<string> extra, CancellationToken ct)
    {
        var args = new List<string> { "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture) };
        args.AddRange(extra);

        var psi = new ProcessStartInfo { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        if (OperatingSystem.IsWindows())
        {
            psi.FileName = anvilPath;
        }
        else
        {
            psi.FileName = "/bin/sh";
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(Watchdog);
            psi.ArgumentList.Add(anvilPath);
        }
        foreach (var a in args) psi.ArgumentList.Add(a);

        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {anvilPath}");
        var output = new System.Text.StringBuilder();
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        // anvil prints a banner, "Listening on 127.0.0.1:PORT", then one line per request; only the port matters.
        process.OutputDataReceived += (_, e) =>
        {
            if (listening.Task.IsCompleted || e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (ListeningPort(e.Data) is { } bound) listening.TrySetResult(bound);
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(TimeSpan.FromSeconds(30));
            var exited = process.WaitForExitAsync(limit.Token);
            if (await Task.WhenAny(listening.Task, exited) != listening.Task)
            {
                throw process.HasExited ? new AnvilExitedException($"anvil exited with code {process.ExitCode}") : new InvalidOperationException("anvil did not report its port");
            }
            var anvil = new AnvilProcess(process, listening.Task.Result);
            await anvil.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(30), ct);
            return anvil;
        }
        catch (Exception ex) when (ex is InvalidOperationException or RpcException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            process.Dispose();
            string detail;
            lock (output) detail = LastLines(output.ToString(), 5);
            var message = $"anvil did not come up on port {port}: {ex.Message}" + (detail.Length > 0 ? Environment.NewLine + detail : "");
            throw ex is AnvilExitedException ? new AnvilExitedException(message) : new InvalidOperationException(message, ex);
        }
    }

    /// <summary>
    /// Like <see cref="StartAsync"/>, on a port from <see cref="FreePort.Pick"/>. A port that was free when picked can be
    /// taken before anvil binds it; anvil then exits at once and a new port is picked (a few times at most).
    /// </summary>
    public static async Task<AnvilProcess> StartOnFreePortAsync(string anvilPath, string? statePath, CancellationToken ct)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartAsync(anvilPath, FreePort.Pick(), statePath, ct);
            }
            catch (AnvilExitedException) when (attempt < attempts)
            {
                // Someone took the port between the pick and the bind: pick again.
            }
        }
    }

    private static int? ListeningPort(string line)
    {
        const string marker = "Listening on ";
        var at = line.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0) return null;
        var endpoint = line[(at + marker.Length)..].Trim();
        var colon = endpoint.LastIndexOf(':');
        return colon > 0 && int.TryParse(endpoint[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;
    }

    private static string LastLines(string text, int count) =>
        string.Join(Environment.NewLine, text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(count));

    private async Task WaitUntilAnsweringAsync(TimeSpan limit, CancellationToken ct)
    {
        using var rpc = new JsonRpcHttpClient(RpcUrl, TimeSpan.FromSeconds(1));
        var eth = new EthClient(rpc);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (_process.HasExited) throw new InvalidOperationException($"anvil exited with code {_process.ExitCode}");
            try
            {
                await eth.ChainIdAsync(ct);
                return;
            }
            catch (RpcUnavailableException) when (deadline.Elapsed < limit)
            {
                await Task.Delay(100, ct);
            }
        }
    }

    /// <summary>Stops the node: SIGTERM first (anvil writes its state), then kill after a grace period.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited)
        {
            try
            {
                // Closing stdin makes the watchdog kill anvil with SIGTERM.
                _process.StandardInput.Close();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or IOException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }
}

/// <summary>anvil exited before it listened, typically because its port was taken.</summary>
public sealed class AnvilExitedException(string message) : InvalidOperationException(message);
