using System.Collections.Concurrent;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Data;
using ExposureWeb.DevChain.Deployment;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Reading;
using ExposureWeb.Engine.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ExposureWeb.Engine.Tests.Resilience;

/// <summary>
/// The engine on a generic host (as in <see cref="EngineEndToEndTests"/>) over a demo chain of the test's own, with the
/// chain profile changed as the test needs before it is registered. Every log line is kept for assertions.
/// </summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    private readonly TempDatabase _database = new();
    private IHost? _host;

    private EngineHarness(DemoChain chain) => Chain = chain;

    public DemoChain Chain { get; }

    public RecordingPublisher Published { get; } = new();

    public ConcurrentQueue<string> Log { get; } = new();

    public ChainProfile Profile { get; private set; } = null!;

    public int PortfolioId { get; private set; }

    public IServiceProvider Services => _host!.Services;

    public static async Task<EngineHarness> StartAsync(ITestOutputHelper output, Action<ChainProfile>? change = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var harness = new EngineHarness(await DemoChain.StartAsync());
        try
        {
            await harness.StartHostAsync(output, change, settings);
            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    private async Task StartHostAsync(ITestOutputHelper output, Action<ChainProfile>? change, IReadOnlyDictionary<string, string?>? settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Database:Path"] = _database.Path,
            ["Engine:RpcTimeoutMs"] = "1000",
            ["Engine:PollIntervalMs"] = "200",
            ["Engine:RpcCoolDownMs"] = "500",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var builder = TestHost.CreateBuilder(all, output);
        builder.Logging.AddProvider(new CapturingLoggerProvider(Log));
        builder.AddExposureData();
        builder.AddExposureChains();
        builder.AddExposureEngine();
        builder.Services.AddSingleton<IExposurePublisher>(Published);
        // Governance simulations fork the test's chain with the same anvil the app would use.
        builder.Services.AddSingleton<ExposureWeb.Chain.Forks.IChainForkLauncher>(sp => new ExposureWeb.DevChain.Anvil.AnvilForkLauncher(
            () => ExposureWeb.DevChain.Anvil.AnvilLocator.Find(null, AppContext.BaseDirectory), sp.GetRequiredService<ILogger<ExposureWeb.DevChain.Anvil.AnvilForkLauncher>>()));
        _host = builder.Build();
        await _host.StartAsync();

        var demo = await Services.GetRequiredService<PortfolioStore>().EnsureDemoAsync("local", DemoMarket.Wallets.Select(w => (w.Address, w.Label)).ToList());
        PortfolioId = demo.Id;
        Services.GetRequiredService<PortfolioDirectory>().Invalidate();
        Profile = Chain.CloneProfile();
        change?.Invoke(Profile);
        Services.GetRequiredService<ChainRegistry>().Register(Profile);
    }

    /// <summary>The first published snapshot of the demo portfolio that matches, waiting up to <paramref name="deadline"/>.</summary>
    public Task<ExposureSnapshot> SnapshotAsync(Func<ExposureSnapshot, bool> match, string what, TimeSpan? deadline = null) =>
        WaitForAsync(() => Published.Snapshots.FirstOrDefault(s => s.PortfolioId == PortfolioId && match(s)), what, deadline);

    /// <summary>The first published chain status that matches.</summary>
    public Task<ChainStatus> StatusAsync(Func<ChainStatus, bool> match, string what, TimeSpan? deadline = null) =>
        WaitForAsync(() => Published.Statuses.FirstOrDefault(match), what, deadline);

    /// <summary>Waits until the chain is reachable and has a head.</summary>
    public Task<ChainStatus> ReadyAsync() =>
        StatusAsync(s => s.Reachable && s.HeadBlock is not null, "the chain to be reachable with a head", TimeSpan.FromSeconds(10));

    private static async Task<T> WaitForAsync<T>(Func<T?> find, string what, TimeSpan? deadline) where T : class
    {
        T? found = null;
        await Poll.UntilAsync(() => (found = find()) is not null, what, deadline ?? TimeSpan.FromSeconds(10));
        return found!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        await Chain.DisposeAsync();
        _database.Dispose();
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
        }
    }
}
