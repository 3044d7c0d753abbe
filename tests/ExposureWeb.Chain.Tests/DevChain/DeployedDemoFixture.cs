using System.Numerics;
using System.Text.Json;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Adapters.Chainlink;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Anvil;
using ExposureWeb.DevChain.Deployment;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>
/// A fresh anvil started through the DevChain's own <see cref="AnvilProcess"/>, with the demo market deployed by
/// <see cref="DemoDeployer"/>. One per test class (<c>IClassFixture</c>); tests of a class run one after another.
/// </summary>
public sealed class DeployedDemoFixture : IAsyncLifetime
{
    /// <summary>anvil's dev accounts (mnemonic "test test … junk"), all unlocked and funded with 10 000 ETH at genesis.</summary>
    public static readonly Address Deployer = Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

    /// <summary>Dev account #1, seeded by the deployer as the "Demo trader".</summary>
    public static readonly Address Trader = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    /// <summary>Dev account #2, seeded as the "Demo treasury".</summary>
    public static readonly Address Treasury = Address.Parse("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");

    /// <summary>Dev account #3: not seeded by the demo, free for tests that send transactions.</summary>
    public static readonly Address Spare = Address.Parse("0x90F79bf6EB2c4f870365E785982E1f101E93b906");

    private static readonly AbiFunction Transfer = AbiFunction.Parse("transfer(address,uint256) returns (bool)");
    private static readonly AbiFunction Mint = AbiFunction.Parse("mint(address,uint256)");

    private AnvilProcess? _anvil;
    private JsonRpcHttpClient? _rpc;
    private ChainProfile? _profile;

    public AnvilProcess Anvil => _anvil ?? throw new InvalidOperationException("fixture not initialised");

    public JsonRpcHttpClient Rpc => _rpc ?? throw new InvalidOperationException("fixture not initialised");

    public EthClient Eth => new(Rpc);

    /// <summary>The profile the deployer returned. Treat as read-only: use <see cref="CloneProfile"/> to vary it.</summary>
    public ChainProfile Profile => _profile ?? throw new InvalidOperationException("fixture not initialised");

    public Address Multicall3 => Address.Parse(Profile.Multicall3!);

    public async Task InitializeAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _anvil = await AnvilProcess.StartOnFreePortAsync(AnvilLocator.Find(null, AppContext.BaseDirectory), statePath: null, limit.Token);
        _rpc = new JsonRpcHttpClient(_anvil.RpcUrl, TimeSpan.FromSeconds(10));
        _profile = await new DemoDeployer(Eth).DeployAsync("local", _anvil.RpcUrl, _anvil.WsUrl, limit.Token);
    }

    public async Task DisposeAsync()
    {
        _rpc?.Dispose();
        if (_anvil is not null) await _anvil.DisposeAsync();
    }

    public Address Token(string symbol) => Address.Parse(Profile.Tokens.Single(t => t.Symbol == symbol).Address);

    public Address Feed(string underlying) => Address.Parse(Profile.PriceFeeds.Single(f => f.Underlying == underlying).Address);

    /// <summary>A deep copy (through the profile's own JSON form) that a test may change freely.</summary>
    public ChainProfile CloneProfile() => ChainProfileFile.Parse(ChainProfileFile.Serialize(Profile), "fixture clone");

    /// <summary>Sends a transaction from an unlocked dev account and waits until it is mined; fails the test if it reverted.</summary>
    public async Task<TransactionReceipt> SendAsync(Address from, Address to, byte[] data)
    {
        var hash = await Eth.SendTransactionAsync(from, to, data);
        var receipt = await Eth.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));
        Assert.True(receipt.Succeeded, $"transaction {hash} to {to} reverted");
        return receipt;
    }

    public Task<TransactionReceipt> TransferAsync(Address token, Address from, Address to, BigInteger raw) =>
        SendAsync(from, token, Transfer.EncodeCall(to, raw));

    public Task<TransactionReceipt> MintAsync(Address token, Address to, BigInteger raw) =>
        SendAsync(Deployer, token, Mint.EncodeCall(to, raw));

    /// <summary>Reports a new answer to a feed (anyone may call <c>updateAnswer</c> on the demo feeds).</summary>
    public Task<TransactionReceipt> PushAnswerAsync(Address feed, BigInteger answer, Address? from = null) =>
        SendAsync(from ?? Spare, feed, AggregatorV3.UpdateAnswer.EncodeCall(answer));

    /// <summary>(roundId, answer, updatedAt) of <c>latestRoundData()</c>.</summary>
    public async Task<(BigInteger Round, BigInteger Answer, BigInteger UpdatedAt)> LatestRoundAsync(Address feed, BlockParameter block = default)
    {
        var values = AggregatorV3.LatestRoundData.DecodeOutput(await Eth.CallAsync(feed, AggregatorV3.LatestRoundData.EncodeCall(), block));
        return ((BigInteger)values[0], (BigInteger)values[1], (BigInteger)values[3]);
    }

    /// <summary>Deploys one more DemoPriceFeed with the given bounds (8 decimals) and returns its address.</summary>
    public async Task<Address> DeployFeedAsync(string description, BigInteger minAnswer, BigInteger maxAnswer, BigInteger initialAnswer)
    {
        var code = ContractArtifact.Load("DemoPriceFeed").CreationCode("uint8,string,int256,int256,int256",
            new BigInteger(8), description, minAnswer, maxAnswer, initialAnswer);
        var hash = await Eth.SendTransactionAsync(Spare, null, code);
        var receipt = await Eth.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));
        Assert.True(receipt.Succeeded && receipt.ContractAddress is not null, $"feed deployment {hash} failed");
        return receipt.ContractAddress!.Value;
    }

    /// <summary><c>eth_call</c> of <paramref name="function"/> on <paramref name="to"/>, decoded with its outputs.</summary>
    public async Task<object[]> CallAsync(Address to, AbiFunction function, params object[] args) =>
        function.DecodeOutput(await Eth.CallAsync(to, function.EncodeCall(args), BlockParameter.Latest));

    /// <summary>The single output of <paramref name="function"/>, as <typeparamref name="T"/>.</summary>
    public async Task<T> CallOneAsync<T>(Address to, AbiFunction function, params object[] args) =>
        (T)(await CallAsync(to, function, args))[0];

    public async Task<BlockHeader> BlockAsync(BlockParameter block = default) =>
        await Eth.GetBlockAsync(block) ?? throw new InvalidOperationException($"no block {block}");

    /// <summary>Moves the chain clock forward and mines a block that carries the new time.</summary>
    public async Task AdvanceTimeAsync(TimeSpan by)
    {
        await Eth.RequestAsync<JsonElement>("evm_increaseTime", [(long)by.TotalSeconds]);
        await Eth.RequestAsync<JsonElement>("evm_mine", []);
    }

    /// <summary><c>evm_snapshot</c>: state and clock, to be restored with <see cref="RevertAsync"/>.</summary>
    public Task<string> SnapshotAsync() => Eth.RequestAsync<string>("evm_snapshot", []);

    public async Task RevertAsync(string snapshot) =>
        Assert.True(await Eth.RequestAsync<bool>("evm_revert", [snapshot]), $"evm_revert {snapshot} failed");
}

/// <summary>
/// Base for test classes whose tests change chain state (transfers, pushed answers, clock): every test starts from
/// the freshly deployed demo, because each one runs between an <c>evm_snapshot</c> and an <c>evm_revert</c>.
/// </summary>
public abstract class IsolatedDemoTests(DeployedDemoFixture chain) : IClassFixture<DeployedDemoFixture>, IAsyncLifetime
{
    private string? _snapshot;

    protected DeployedDemoFixture Chain { get; } = chain;

    public async Task InitializeAsync() => _snapshot = await Chain.SnapshotAsync();

    public async Task DisposeAsync()
    {
        if (_snapshot is not null) await Chain.RevertAsync(_snapshot);
    }
}
