using ExposureWeb.Data;
using ExposureWeb.DevChain;

namespace ExposureWeb.Hosting;

/// <summary>Once the dev chain has deployed, makes sure the demo portfolio watches its demo wallets.</summary>
internal sealed class DemoPortfolioSeeder(DevChainState devChain, PortfolioStore store, ILogger<DemoPortfolioSeeder> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var profile = await devChain.Ready.WaitAsync(stoppingToken);
            var demo = await store.EnsureDemoAsync(profile.Name, devChain.Wallets.Select(w => (w.Address, w.Label)).ToList(), stoppingToken);
            logger.LogInformation("Demo portfolio {Id} watches {Count} address(es) on chain {Chain}", demo.Id, demo.Addresses.Count, profile.Name);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // DevChainHost has logged why the chain failed; the app keeps serving without the demo.
            logger.LogWarning("Demo portfolio not seeded: {Error}", ex.Message);
        }
    }
}
