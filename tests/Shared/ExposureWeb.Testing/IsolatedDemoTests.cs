namespace ExposureWeb.Testing;

/// <summary>
/// Base of test classes whose tests change chain state (transfers, pushed answers, clock): every test starts from the
/// freshly deployed demo, because each one runs between an <c>evm_snapshot</c> and an <c>evm_revert</c>.
/// </summary>
public abstract class IsolatedDemoTests(DemoChain chain) : IClassFixture<DemoChain>, IAsyncLifetime
{
    private string? _snapshot;

    protected DemoChain Chain { get; } = chain;

    public async Task InitializeAsync() => _snapshot = await Chain.SnapshotAsync();

    public async Task DisposeAsync()
    {
        if (_snapshot is not null) await Chain.RevertAsync(_snapshot);
    }
}
