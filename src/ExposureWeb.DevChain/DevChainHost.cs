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
/// Runs the embedded chain for the app's lifetime: starts anvil, deploys and seeds the demo,
/// registers the chain profile, runs the market simulator, and restarts anvil (from its state file)
/// if it exits while the app still runs. anvil stops when the app stops.
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
        var statePath = Path.Combine(dataDir, "anvil-state.json");
        // Each run of the app starts a fresh chain; the state file only carries a chain across a node restart.
        File.Delete(statePath);
        File.Delete(AnvilStateFile.GoodCopyPath(statePath));

        AnvilProcess? anvil = null;
        try
        {
            var anvilPath = AnvilLocator.Find(o.AnvilPath, environment.ContentRootPath, AppContext.BaseDirectory, Directory.GetCurrentDirectory());
            anvil = o.Port != 0
                ? await AnvilProcess.StartAsync(anvilPath, o.Port, statePath, stoppingToken)
                : await AnvilProcess.StartOnFreePortAsync(anvilPath, statePath, stoppingToken);
            var port = anvil.Port; // a restart comes back on the same port, so the chain profile stays valid
            logger.LogInformation("Dev chain: anvil {Path} listening on {Url}", anvilPath, anvil.RpcUrl);

            using var rpc = new JsonRpcHttpClient(anvil.RpcUrl, TimeSpan.FromSeconds(5));
            var eth = new EthClient(rpc);
            var web3 = DevChainWeb3.Create(rpc);
            var profile = await new DemoDeployer(web3).DeployAsync(o.ChainName, anvil.RpcUrl, anvil.WsUrl, stoppingToken);
            var profilePath = Path.Combine(dataDir, o.ChainName + ".json");
            ChainProfileFile.Save(profile, profilePath);
            registry.Register(profile);
            state.SetReady(profile);
            logger.LogInformation("Dev chain: demo protocols deployed; chain profile written to {Path}", profilePath);

            using var simulation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var simulator = new MarketSimulator(web3, profile, o, logger).RunAsync(simulation.Token);
            var backups = KeepGoodStateCopyAsync(statePath, simulation.Token);

            while (!stoppingToken.IsCancellationRequested)
            {
                await anvil.Exited.WaitAsync(stoppingToken);
                logger.LogWarning("Dev chain: anvil exited unexpectedly; restarting in {Delay} s from its saved state", o.RestartDelaySeconds);
                await anvil.DisposeAsync();
                anvil = null;
                await Task.Delay(TimeSpan.FromSeconds(o.RestartDelaySeconds), stoppingToken);
                anvil = await RestartAsync(anvilPath, port, statePath, stoppingToken);
                if (!await HasCodeAsync(eth, profile.Multicall3!, stoppingToken))
                {
                    logger.LogWarning("Dev chain: the restarted node lost its state; deploying the demo again");
                    await new DemoDeployer(web3).DeployAsync(o.ChainName, anvil.RpcUrl, anvil.WsUrl, stoppingToken);
                }
            }
            await simulation.CancelAsync();
            await simulator.ContinueWith(_ => { }, TaskScheduler.Default);
            await backups.ContinueWith(_ => { }, TaskScheduler.Default);
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
            if (anvil is not null) await anvil.DisposeAsync();
        }
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

    /// <summary>Every few seconds, a copy of anvil's state known to parse, for a restart after a kill mid-write.</summary>
    private static async Task KeepGoodStateCopyAsync(string statePath, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(3));
        while (await timer.WaitForNextTickAsync(ct)) AnvilStateFile.Backup(statePath);
    }

    private static async Task<bool> HasCodeAsync(EthClient eth, string address, CancellationToken ct)
    {
        var code = await eth.RequestAsync<string>("eth_getCode", [Address.Parse(address).ToString(), "latest"], ct);
        return code is { Length: > 2 };
    }
}
