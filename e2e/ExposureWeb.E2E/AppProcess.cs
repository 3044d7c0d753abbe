using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace ExposureWeb.E2E;

/// <summary>The real app (ExposureWeb.dll) started as its own process on a free loopback port, with its own database and dev chain folder.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TempDirectory _workDir;
    private readonly IReadOnlyDictionary<string, string> _settings;
    // The folder is deleted by the last process that used it (a restart hands it on).
    private bool _ownsWorkDir = true;

    private AppProcess(Process process, Uri baseUrl, TempDirectory workDir, IReadOnlyDictionary<string, string> settings)
    {
        _process = process;
        _settings = settings;
        BaseUrl = baseUrl;
        _workDir = workDir;
        StartedAt = Stopwatch.StartNew();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseUrl { get; }

    /// <summary>Holds the app's SQLite file and the dev chain's profile.</summary>
    public string WorkDir => _workDir.Path;

    public Stopwatch StartedAt { get; }

    public string Log { get { lock (_log) return _log.ToString(); } }

    public string DevChainProfilePath => Path.Combine(WorkDir, "devchain", "local.json");

    public static AppProcess Start(IReadOnlyDictionary<string, string> settings) => Start(settings, new TempDirectory("exposureweb-e2e-"));

    private static AppProcess Start(IReadOnlyDictionary<string, string> settings, TempDirectory workDir)
    {
        var dll = typeof(AppProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AppDll").Value!;
        if (!File.Exists(dll)) throw new FileNotFoundException($"build the app first: {dll} is missing");
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add($"http://127.0.0.1:{port}");
        psi.Environment["Database__Path"] = workDir.PathOf("e2e.db");
        psi.Environment["DevChain__DataDirectory"] = workDir.PathOf("devchain");
        foreach (var (k, v) in settings) psi.Environment[k.Replace(":", "__", StringComparison.Ordinal)] = v;
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the app");
        return new AppProcess(process, new Uri($"http://127.0.0.1:{port}"), workDir, settings);
    }

    /// <summary>
    /// Stops the app as a service manager would (SIGTERM: the host stops its services, the dev chain saves its state and
    /// stops anvil) and starts it again with the same settings on the same database and dev chain folder, as after a
    /// deployment. Returns the new process, which takes over the folder; this one is then only its log.
    /// </summary>
    public async Task<AppProcess> RestartAsync(TimeSpan stopLimit)
    {
        await StopAsync(stopLimit);
        _ownsWorkDir = false;
        return Start(_settings, _workDir);
    }

    /// <summary>Sends SIGTERM and waits for the app to exit by itself.</summary>
    public async Task StopAsync(TimeSpan limit)
    {
        if (_process.HasExited) return;
        // .NET sends no signal but SIGKILL; kill(1) sends the one a service manager sends.
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -TERM {_process.Id} failed ({kill.ExitCode})");
        }
        using var deadline = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the app did not stop within {limit.TotalSeconds:0} s of SIGTERM{Environment.NewLine}{Log}");
        }
    }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Kills the app alone (SIGKILL, not its children), as a crash would.</summary>
    public async Task CrashAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (_ownsWorkDir) _workDir.Dispose();
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }
}
