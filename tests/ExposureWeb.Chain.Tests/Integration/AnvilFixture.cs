using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Anvil;

namespace ExposureWeb.Chain.Tests.Integration;

/// <summary>
/// One anvil node, started through the DevChain's own <see cref="AnvilProcess"/>, shared by the tests of the
/// <see cref="AnvilCollection"/> (they run one after another, so tests that mine blocks do not disturb each other),
/// plus ready-made clients for it.
/// </summary>
public sealed class AnvilFixture : IAsyncLifetime
{
    /// <summary>Anvil's default chain id.</summary>
    public const ulong ChainId = 31337;

    private AnvilProcess? _anvil;
    private JsonRpcHttpClient? _rpc;

    /// <summary>The running node.</summary>
    public AnvilProcess Anvil => _anvil ?? throw new InvalidOperationException("fixture not initialised");

    /// <summary>HTTP JSON-RPC client for <see cref="Anvil"/>.</summary>
    public JsonRpcHttpClient Rpc => _rpc ?? throw new InvalidOperationException("fixture not initialised");

    /// <summary>Typed client over <see cref="Rpc"/>.</summary>
    public EthClient Eth => new(Rpc);

    /// <summary>Anvil's dev accounts from its default mnemonic, each funded with 10000 ETH and unlocked.</summary>
    public static Address DevAccount(int index) => Address.Parse(index switch
    {
        0 => "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
        1 => "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        2 => "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
        3 => "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    });

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _anvil = await AnvilProcess.StartOnFreePortAsync(AnvilLocator.Find(null, AppContext.BaseDirectory), statePath: null, limit.Token);
        _rpc = new JsonRpcHttpClient(_anvil.RpcUrl);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        _rpc?.Dispose();
        if (_anvil is not null)
        {
            await _anvil.DisposeAsync();
        }
    }
}

/// <summary>Tests sharing one <see cref="AnvilFixture"/>; xUnit runs them sequentially.</summary>
[CollectionDefinition(Name)]
public sealed class AnvilCollection : ICollectionFixture<AnvilFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "anvil";
}
