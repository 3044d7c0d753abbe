using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Anvil;
using ExposureWeb.DevChain.Deployment;
using ExposureWeb.DevChain.Simulation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ExposureWeb.DevChain;

/// <summary>
/// Runs the embedded chain for the app's lifetime: starts anvil, continues the chain saved by the last run (or deploys
/// and seeds the demo on a fresh one), registers the chain profile, runs the market simulator, saves the chain's state
/// as it moves, and restarts anvil from that state if it exits while the app still runs. anvil stops when the app
/// stops, after a last save.
/// </summary>
internal sealed class DevChainHost(
    IOptions<DevChainOptions> options,
    IHostEnvironment environment,
    ChainRegistry registry,
    DevChainState state,
    ILogger<DevChainHost> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var dataDir = Path.GetFullPath(Path.Combine(environment.ContentRootPath, o.DataDirectory));
        Directory.CreateDirectory(dataDir);
        var store = new AnvilStateStore(Path.Combine(dataDir, "anvil-state.json"), o.StateHistoryBlocks);
        var profilePath = Path.Combine(dataDir, o.ChainName + ".json");

        AnvilProcess? anvil = null;
        try
        {
            var anvilPath = AnvilLocator.Find(o.AnvilPath, environment.ContentRootPath, AppContext.BaseDirectory, Directory.GetCurrentDirectory());
            var saved = SavedChain(o, dataDir, store, profilePath);
            if (saved is null) StartOver(dataDir, store, profilePath);
            anvil = o.Port != 0
                ? await AnvilProcess.StartAsync(anvilPath, o.Port, store.Path, stoppingToken)
                : await AnvilProcess.StartOnFreePortAsync(anvilPath, store.Path, stoppingToken);
            var port = anvil.Port; // a restart comes back on the same port, so the chain profile stays valid
            logger.LogInformation("Dev chain: anvil {Path} listening on {Url}", anvilPath, anvil.RpcUrl);

            using var rpc = new JsonRpcHttpClient(anvil.RpcUrl, TimeSpan.FromSeconds(5));
            var eth = new EthClient(rpc);
            var web3 = DevChainWeb3.Create(rpc);
            ChainProfile profile;
            if (saved is not null && await HasCodeAsync(eth, saved.Multicall3!, stoppingToken))
            {
                profile = Reconnected(saved, anvil);
                logger.LogInformation(
                    "Dev chain: continuing the saved chain at block {Block} from {Directory} (start over with --reset or DevChain:Reset=true)",
                    await eth.BlockNumberAsync(stoppingToken), dataDir);
            }
            else
            {
                if (saved is not null)
                {
                    logger.LogWarning("Dev chain: the saved state has no demo contracts; starting a fresh chain");
                    await anvil.DisposeAsync();
                    anvil = null;
                    StartOver(dataDir, store, profilePath);
                    anvil = await AnvilProcess.StartAsync(anvilPath, port, store.Path, stoppingToken);
                }
                profile = await new DemoDeployer(web3).DeployAsync(o.ChainName, anvil.RpcUrl, anvil.WsUrl, stoppingToken);
                var block = await store.SaveAsync(eth, stoppingToken);
                new DeploymentMarker(DeploymentMarker.Current, block, DateTimeOffset.UtcNow).Write(dataDir);
                logger.LogInformation("Dev chain: demo protocols deployed at block {Block}", block);
            }
            ChainProfileFile.Save(profile, profilePath);
            registry.Register(profile);
            state.SetReady(profile);
            logger.LogInformation("Dev chain: chain profile written to {Path}", profilePath);

            using var simulation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var simulator = new MarketSimulator(web3, profile, o, logger).RunAsync(simulation.Token);
            var saving = KeepSavingAsync(store, eth, TimeSpan.FromSeconds(o.StateSaveSeconds), simulation.Token);

            while (!stoppingToken.IsCancellationRequested)
            {
                await anvil.Exited.WaitAsync(stoppingToken);
                logger.LogWarning("Dev chain: anvil exited unexpectedly; restarting in {Delay} s from the state saved at block {Block}",
                    o.RestartDelaySeconds, store.SavedHead);
                await anvil.DisposeAsync();
                anvil = null;
                await Task.Delay(TimeSpan.FromSeconds(o.RestartDelaySeconds), stoppingToken);
                anvil = await RestartAsync(anvilPath, port, store.Path, stoppingToken);
                if (!await HasCodeAsync(eth, profile.Multicall3!, stoppingToken))
                {
                    logger.LogWarning("Dev chain: the restarted node lost its state; deploying the demo again");
                    await new DemoDeployer(web3).DeployAsync(o.ChainName, anvil.RpcUrl, anvil.WsUrl, stoppingToken);
                }
            }
            await simulation.CancelAsync();
            await simulator.ContinueWith(_ => { }, TaskScheduler.Default);
            await saving.ContinueWith(_ => { }, TaskScheduler.Default);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Dev chain failed: {Message}", ex.Message);
            state.SetFailed(ex);
        }
        finally
        {
            if (anvil is not null)
            {
                await SaveOnStopAsync(store, anvil);
                await anvil.DisposeAsync();
            }
        }
    }

    /// <summary>The saved chain's profile when the last run's chain can be continued; null (with the reason logged) when not.</summary>
    private ChainProfile? SavedChain(DevChainOptions o, string dataDir, AnvilStateStore store, string profilePath)
    {
        string? why = null;
        var marker = DeploymentMarker.Read(dataDir);
        if (o.Reset) why = "a reset was asked for (--reset or DevChain:Reset)";
        else if (!store.Exists || marker is null || !File.Exists(profilePath)) return null; // nothing saved: a first start
        else if (marker.Fingerprint != DeploymentMarker.Current) why = "the demo's contracts or deployment changed since it was saved";
        else if (AnvilStateFile.Repair(store.Path) is { } repaired) why = repaired;
        if (why is not null)
        {
            logger.LogWarning("Dev chain: starting a fresh chain: {Why}", why);
            return null;
        }
        try
        {
            return ChainProfileFile.Load(profilePath);
        }
        catch (InvalidChainProfileException ex)
        {
            logger.LogWarning("Dev chain: starting a fresh chain: the saved chain profile cannot be read ({Error})", ex.Message);
            return null;
        }
    }

    private static void StartOver(string dataDir, AnvilStateStore store, string profilePath)
    {
        File.Delete(store.Path);
        File.Delete(profilePath);
        DeploymentMarker.Delete(dataDir);
    }

    /// <summary>The saved profile pointed at this run's node (the port may differ from the last run's).</summary>
    private static ChainProfile Reconnected(ChainProfile saved, AnvilProcess anvil)
    {
        saved.RpcUrls = [anvil.RpcUrl.ToString()];
        saved.WsUrl = anvil.WsUrl.ToString();
        return saved;
    }

    private async Task<AnvilProcess> RestartAsync(string anvilPath, int port, string statePath, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                AnvilStateFile.LogRepair(logger, statePath);
                var anvil = await AnvilProcess.StartAsync(anvilPath, port, statePath, ct);
                logger.LogInformation("Dev chain: anvil is back on {Url}", anvil.RpcUrl);
                return anvil;
            }
            catch (InvalidOperationException ex)
            {
                logger.LogWarning("Dev chain: restart failed ({Error}); trying again", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    /// <summary>Saves the chain whenever its head moved, every <paramref name="interval"/>; a failed save is logged and retried.</summary>
    private async Task KeepSavingAsync(AnvilStateStore store, EthClient eth, TimeSpan interval, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(ct))
        {
            try
            {
                await store.SaveIfChangedAsync(eth, ct);
            }
            catch (Exception ex) when (ex is RpcException or IOException or InvalidOperationException && !ct.IsCancellationRequested)
            {
                logger.LogDebug("Dev chain: state not saved this time ({Error})", ex.Message);
            }
        }
    }

    /// <summary>A last save when the app stops, so the next start continues at this head; bounded, since shutdown is.</summary>
    private async Task SaveOnStopAsync(AnvilStateStore store, AnvilProcess anvil)
    {
        if (anvil.HasExited) return;
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            using var rpc = new JsonRpcHttpClient(anvil.RpcUrl, TimeSpan.FromSeconds(3));
            var head = await store.SaveIfChangedAsync(new EthClient(rpc), limit.Token);
            if (head is not null) logger.LogInformation("Dev chain: state saved at block {Block}", head);
        }
        catch (Exception ex) when (ex is RpcException or IOException or InvalidOperationException or OperationCanceledException)
        {
            logger.LogWarning("Dev chain: the last state save failed ({Error}); the next start continues from block {Block}", ex.Message, store.SavedHead);
        }
    }

    private static async Task<bool> HasCodeAsync(EthClient eth, string address, CancellationToken ct)
    {
        var code = await eth.RequestAsync<string>("eth_getCode", [Address.Parse(address).ToString(), "latest"], ct);
        return code is { Length: > 2 };
    }
}
