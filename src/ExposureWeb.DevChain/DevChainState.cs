using ExposureWeb.Chain.Profiles;
using ExposureWeb.DevChain.Deployment;

namespace ExposureWeb.DevChain;

/// <summary>Tells the rest of the app when the dev chain has deployed, and what.</summary>
public sealed class DevChainState
{
    private readonly TaskCompletionSource<ChainProfile> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the chain profile once the demo protocols are deployed and seeded; faults if that failed.</summary>
    public Task<ChainProfile> Ready => _ready.Task;

    public IReadOnlyList<DemoWallet> Wallets => DemoMarket.Wallets;

    internal void SetReady(ChainProfile profile) => _ready.TrySetResult(profile);

    internal void SetFailed(Exception error) => _ready.TrySetException(error);
}
