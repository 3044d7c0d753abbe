using System.Numerics;
using System.Text.Json;
using ExposureWeb.Chain.Adapters.Chainlink;
using ExposureWeb.Chain.Protocols.Chainlink;
using Nethereum.Contracts;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Anvil;
using ExposureWeb.DevChain.Deployment;

namespace ExposureWeb.Engine.Tests;

/// <summary>
/// A fresh anvil (the DevChain's own <see cref="AnvilProcess"/>) with the demo market deployed by <see cref="DemoDeployer"/>:
/// the chain the app runs on by default. As a class fixture it is shared by a class's tests; <see cref="StartAsync"/>
/// gives a test a chain of its own (one it may stop).
/// </summary>
public sealed class DemoChain : IAsyncLifetime
{
    /// <summary>anvil's dev account #0: deploys the demo (its nonces make the addresses deterministic).</summary>
    public static readonly Address Deployer = Address.Parse(DemoMarket.Deployer);

    public static readonly Address Trader = Address.Parse(DemoMarket.Wallets[0].Address);

    public static readonly Address Treasury = Address.Parse(DemoMarket.Wallets[1].Address);

    /// <summary>Dev account #3: unlocked and funded, not seeded by the demo; free for test transactions.</summary>
    public static readonly Address Spare = Address.Parse("0x90F79bf6EB2c4f870365E785982E1f101E93b906");

    /// <summary>Feed decimals of the demo (and of Chainlink's USD feeds).</summary>
    public static readonly BigInteger FeedScale = BigInteger.Pow(10, DemoMarket.FeedDecimals);

    private AnvilProcess? _anvil;
    private JsonRpcHttpClient? _rpc;
    private ChainProfile? _profile;

    public AnvilProcess Anvil => _anvil ?? throw new InvalidOperationException("chain not started");

    public EthClient Eth => new(_rpc ?? throw new InvalidOperationException("chain not started"));

    /// <summary>What the deployer returned; treat as read-only and vary a <see cref="CloneProfile"/>.</summary>
    public ChainProfile Profile => _profile ?? throw new InvalidOperationException("chain not started");

    public static async Task<DemoChain> StartAsync()
    {
        var chain = new DemoChain();
        await chain.InitializeAsync();
        return chain;
    }

    public async Task InitializeAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        // StartOnFreePortAsync picks another port if the one picked is taken before anvil binds it.
        _anvil = await AnvilProcess.StartOnFreePortAsync(AnvilLocator.Find(null, AppContext.BaseDirectory), statePath: null, limit.Token);
        _rpc = new JsonRpcHttpClient(_anvil.RpcUrl, TimeSpan.FromSeconds(10));
        _profile = await new DemoDeployer(DevChainWeb3.Create(_rpc)).DeployAsync("local", _anvil.RpcUrl, _anvil.WsUrl, limit.Token);
    }

    /// <summary>Stops the node (idempotent); the chain is gone afterwards.</summary>
    public Task StopAsync() => _anvil?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _rpc?.Dispose();
        await StopAsync();
    }

    /// <summary>A deep copy (through the profile's JSON form) a test may change freely.</summary>
    public ChainProfile CloneProfile() => ChainProfileFile.Parse(ChainProfileFile.Serialize(Profile), "test clone");

    public Address Feed(string underlying) => Address.Parse(Profile.PriceFeeds.Single(f => f.Underlying == underlying).Address);

    public Address Token(string symbol) => Address.Parse(Profile.Tokens.Single(t => t.Symbol == symbol).Address);

    public async Task<BlockHeader> BlockAsync(BlockParameter block = default) =>
        await Eth.GetBlockAsync(block) ?? throw new InvalidOperationException($"no block {block}");

    /// <summary>Sends a transaction from an unlocked dev account, waits until it is mined and fails the test if it reverted.</summary>
    public async Task<TransactionReceipt> SendAsync(Address from, Address? to, byte[] data)
    {
        var hash = await Eth.SendTransactionAsync(from, to, data);
        var receipt = await Eth.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));
        Assert.True(receipt.Succeeded, $"transaction {hash} reverted");
        return receipt;
    }

    /// <summary>Reports a new answer (8 decimals) to a feed; anyone may call <c>updateAnswer</c> on the demo feeds.</summary>
    public Task<TransactionReceipt> PushAnswerAsync(Address feed, BigInteger answer) =>
        SendAsync(Spare, feed, new UpdateAnswerFunction { Answer = answer }.GetCallData());

    /// <summary>Deploys one more DemoPriceFeed (8 decimals) with the given bounds.</summary>
    public async Task<Address> DeployFeedAsync(string description, BigInteger minAnswer, BigInteger maxAnswer, BigInteger initialAnswer)
    {
        var code = ContractArtifact.Load("DemoPriceFeed").CreationCode("uint8,string,int256,int256,int256",
            new BigInteger(DemoMarket.FeedDecimals), description, minAnswer, maxAnswer, initialAnswer);
        var receipt = await SendAsync(Spare, null, code);
        Assert.NotNull(receipt.ContractAddress);
        return receipt.ContractAddress.Value;
    }

    /// <summary>Mines an empty block and returns its header.</summary>
    public async Task<BlockHeader> MineAsync()
    {
        await Eth.RequestAsync<JsonElement>("evm_mine", []);
        return await BlockAsync();
    }

    /// <summary>Moves the chain clock forward and mines a block that carries the new time.</summary>
    public async Task<BlockHeader> AdvanceTimeAsync(TimeSpan by)
    {
        await Eth.RequestAsync<JsonElement>("evm_increaseTime", [(long)by.TotalSeconds]);
        return await MineAsync();
    }

    public Task<string> SnapshotAsync() => Eth.RequestAsync<string>("evm_snapshot", []);

    public async Task RevertAsync(string snapshot) =>
        Assert.True(await Eth.RequestAsync<bool>("evm_revert", [snapshot]), $"evm_revert {snapshot} failed");
}

/// <summary>
/// Base of test classes that change chain state: each test runs between an <c>evm_snapshot</c> and an
/// <c>evm_revert</c>, so every test starts from the freshly deployed demo.
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
