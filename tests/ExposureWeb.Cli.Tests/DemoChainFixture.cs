using System.Numerics;
using System.Text.Json;
using ExposureWeb.Chain.Protocols.Erc20;
using Nethereum.Contracts;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Anvil;
using ExposureWeb.DevChain.Deployment;

namespace ExposureWeb.Cli.Tests;

/// <summary>
/// A fresh anvil (the DevChain's own <see cref="AnvilProcess"/>) with the demo market deployed by
/// <see cref="DemoDeployer"/>, and its chain profile written to a file for <c>--chain-file</c>. One per test class.
/// </summary>
public sealed class DemoChainFixture : IAsyncLifetime
{
    /// <summary>anvil account #1, seeded by the demo as the "Demo trader" with a position in every protocol.</summary>
    public const string Trader = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

    /// <summary>anvil account #3: not seeded by the demo.</summary>
    public const string Spare = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";


    private AnvilProcess? _anvil;
    private JsonRpcHttpClient? _rpc;
    private ChainProfile? _profile;

    public AnvilProcess Anvil => _anvil ?? throw new InvalidOperationException("fixture not initialised");

    public EthClient Eth => new(_rpc ?? throw new InvalidOperationException("fixture not initialised"));

    public ChainProfile Profile => _profile ?? throw new InvalidOperationException("fixture not initialised");

    /// <summary>A directory of this fixture's own, deleted at the end.</summary>
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("exposure-cli-").FullName;

    /// <summary>The deployed profile as a chain profile file.</summary>
    public string ProfileFile => Path.Combine(Directory, "local.json");

    public async Task InitializeAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _anvil = await AnvilProcess.StartOnFreePortAsync(AnvilLocator.Find(null, AppContext.BaseDirectory), statePath: null, limit.Token);
        _rpc = new JsonRpcHttpClient(_anvil.RpcUrl, TimeSpan.FromSeconds(10));
        _profile = await new DemoDeployer(DevChainWeb3.Create(_rpc)).DeployAsync("local", _anvil.RpcUrl, _anvil.WsUrl, limit.Token);
        ChainProfileFile.Save(_profile, ProfileFile);
    }

    public async Task DisposeAsync()
    {
        _rpc?.Dispose();
        if (_anvil is not null) await _anvil.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException ex)
        {
            // A leftover temp folder must not fail the run; say where it is.
            Console.Error.WriteLine($"could not remove {Directory}: {ex.Message}");
        }
    }

    public Address Token(string symbol) => Address.Parse(Profile.Tokens.Single(t => t.Symbol == symbol).Address);

    /// <summary>ERC-20 transfer from an unlocked dev account, mined before it returns.</summary>
    public async Task TransferAsync(Address token, Address from, Address to, BigInteger raw)
    {
        var hash = await Eth.SendTransactionAsync(from, token, new TransferFunction { To = to.ToString(), Value = raw }.GetCallData());
        var receipt = await Eth.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));
        Assert.True(receipt.Succeeded, $"transfer {hash} reverted");
    }

    /// <summary><c>evm_snapshot</c>, to be undone with <see cref="RevertAsync"/>.</summary>
    public Task<string> SnapshotAsync() => Eth.RequestAsync<string>("evm_snapshot", []);

    public async Task RevertAsync(string snapshot) =>
        Assert.True(await Eth.RequestAsync<bool>("evm_revert", [snapshot]), $"evm_revert {snapshot} failed");

    /// <summary>Writes <paramref name="json"/> to a new file of this fixture's directory and returns its path.</summary>
    public string WriteFile(string name, string json)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>The profile file's JSON as a mutable object.</summary>
    public System.Text.Json.Nodes.JsonObject ProfileJson() =>
        System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(ProfileFile))!.AsObject();

    internal static JsonDocument ParseJson(string text) => JsonDocument.Parse(text);
}
