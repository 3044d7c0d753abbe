using ExposureWeb.Chain.Rpc;
using System.Collections.Concurrent;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Engine.Alerts;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Reading;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Engine.Monitoring;

/// <summary>
/// The background risk engine: one <see cref="ChainMonitor"/> per known chain, started for chains
/// configured at start and for any registered later (the dev chain). A monitor that fails is
/// restarted; the engine itself never stops while the app runs.
/// </summary>
internal sealed class RiskEngineService(
    ChainRegistry registry,
    PortfolioDirectory portfolios,
    PortfolioSnapshotReader reader,
    IExposurePublisher publisher,
    LatestState latest,
    GreeksHistory history,
    AlertEvaluator alerts,
    EngineCycles cycles,
    IOptions<EngineOptions> options,
    ChainClients clients,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ConcurrentDictionary<string, (CancellationTokenSource Cts, Task Task)> _monitors = new(StringComparer.OrdinalIgnoreCase);
    private CancellationToken _stopping;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        try
        {
            // Instances and unconfirmed transitions back in memory before the first block (and for the pages meanwhile).
            await alerts.InitializeAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            loggers.CreateLogger<RiskEngineService>().LogError(ex, "Alerts: loading rules and instances failed; retried at the first block");
        }
        registry.Registered += Start;
        foreach (var profile in registry.All) Start(profile);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            registry.Registered -= Start;
            foreach (var (cts, _) in _monitors.Values) await cts.CancelAsync();
            await Task.WhenAll(_monitors.Values.Select(m => m.Task.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
    }

    private void Start(ChainProfile profile)
    {
        if (_stopping.IsCancellationRequested) return;
        var cts = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        var logger = loggers.CreateLogger($"ExposureWeb.Engine.Chain.{profile.Name}");
        var task = Task.Run(() => SuperviseAsync(profile, logger, cts.Token), cts.Token);
        if (_monitors.TryGetValue(profile.Name, out var previous)) previous.Cts.Cancel();
        _monitors[profile.Name] = (cts, task);
    }

    private async Task SuperviseAsync(ChainProfile profile, ILogger logger, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await new ChainMonitor(profile, options.Value, portfolios, reader, publisher, latest, history, alerts, cycles, clients, time, logger).RunAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Chain {Chain}: monitor failed; restarting", profile.Name);
                await Task.Delay(TimeSpan.FromSeconds(1), time, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
