using System.Numerics;
using System.Text.Json;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.Chainlink;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Protocols.UniswapV3;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Anvil;
using ExposureWeb.DevChain.Contracts.Messages;
using ExposureWeb.DevChain.Deployment;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Web3;
using TransactionReceipt = ExposureWeb.Chain.Rpc.TransactionReceipt;

namespace ExposureWeb.Testing;

/// <summary>
/// A fresh anvil started through the DevChain's own <see cref="AnvilProcess"/>, with the demo market deployed by
/// <see cref="DemoDeployer"/>: the chain the app runs on by default. As a class fixture it is shared by a class's tests
/// (which run one after another); <see cref="StartAsync"/> gives a test a chain of its own (one it may stop).
/// </summary>
public class DemoChain : IAsyncLifetime
{
    /// <summary>anvil's dev account #0 (mnemonic "test test … junk"): deploys the demo; its nonces make the addresses deterministic.</summary>
    public static readonly Address Deployer = Address.Parse(DemoMarket.Deployer);

    /// <summary>Dev account #1, seeded by the deployer as the "Demo trader".</summary>
    public static readonly Address Trader = Address.Parse(DemoMarket.Trader);

    /// <summary>Dev account #2, seeded as the "Demo treasury".</summary>
    public static readonly Address Treasury = Address.Parse(DemoMarket.Treasury);

    /// <summary><see cref="Spare"/> as text, for attributes (which take constants only).</summary>
    public const string SpareAccount = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

    /// <summary>Dev account #3: unlocked and funded with 10 000 ETH at genesis, not seeded by the demo; free for test transactions.</summary>
    public static readonly Address Spare = Address.Parse(SpareAccount);

    /// <summary>Feed decimals of the demo (and of Chainlink's USD feeds).</summary>
    public static readonly BigInteger FeedScale = BigInteger.Pow(10, DemoMarket.FeedDecimals);

    private AnvilProcess? _anvil;
    private JsonRpcHttpClient? _rpc;
    private IWeb3? _web3;
    private ChainProfile? _profile;

    public AnvilProcess Anvil => _anvil ?? throw new InvalidOperationException("chain not started");

    public JsonRpcHttpClient Rpc => _rpc ?? throw new InvalidOperationException("chain not started");

    public EthClient Eth => new(Rpc);

    /// <summary>Nethereum over <see cref="Rpc"/>, as the deployer uses it (<see cref="DevChainWeb3"/>).</summary>
    public IWeb3 Web3 => _web3 ?? throw new InvalidOperationException("chain not started");

    /// <summary>What the deployer returned; treat as read-only and vary a <see cref="CloneProfile"/>.</summary>
    public ChainProfile Profile => _profile ?? throw new InvalidOperationException("chain not started");

    public Address Multicall3 => Address.Parse(Profile.Multicall3!);

    /// <summary>The official protocol builds the deployment put on the chain.</summary>
    public IReadOnlyList<OfficialDeployment> Official { get; private set; } = [];

    public static async Task<DemoChain> StartAsync()
    {
        var chain = new DemoChain();
        await chain.InitializeAsync();
        return chain;
    }

    public virtual async Task InitializeAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        // StartOnFreePortAsync picks another port if the one picked is taken before anvil binds it.
        _anvil = await AnvilProcess.StartOnFreePortAsync(AnvilLocator.Find(null, AppContext.BaseDirectory), statePath: null, limit.Token);
        _rpc = new JsonRpcHttpClient(_anvil.RpcUrl, TimeSpan.FromSeconds(10));
        _web3 = DevChainWeb3.Create(_rpc);
        var deployer = new DemoDeployer(_web3);
        _profile = await deployer.DeployAsync("local", _anvil.RpcUrl, _anvil.WsUrl, limit.Token);
        Official = deployer.Official;
    }

    /// <summary>Stops the node (idempotent); the chain is gone afterwards.</summary>
    public Task StopAsync() => _anvil?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        _rpc?.Dispose();
        await StopAsync();
    }

    public Address Token(string symbol) => Address.Parse(Profile.Tokens.Single(t => t.Symbol == symbol).Address);

    public Address Feed(string underlying) => Address.Parse(Profile.PriceFeeds.Single(f => f.Underlying == underlying).Address);

    /// <summary>A deep copy (through the profile's own JSON form) that a test may change freely.</summary>
    public ChainProfile CloneProfile() => ChainProfileFile.Parse(ChainProfileFile.Serialize(Profile), "test clone");

    /// <summary>
    /// Sends a transaction (a contract creation when <paramref name="to"/> is null) from an unlocked dev account, waits
    /// until it is mined and fails the test if it reverted.
    /// </summary>
    public async Task<TransactionReceipt> SendAsync(Address from, Address? to, byte[] data)
    {
        // An explicit gas limit, as the deployer uses: anvil's estimate for a swap that crosses ticks was seen too low
        // (the transaction reverted out of gas while its replay succeeded), on a loaded machine only.
        var hash = await Eth.SendTransactionAsync(from, to, data, gas: 10_000_000);
        var receipt = await Eth.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));
        Assert.True(receipt.Succeeded, $"transaction {hash} {(to is { } target ? $"to {target}" : "creating a contract")} reverted");
        return receipt;
    }

    /// <summary>Sends a typed function message from an unlocked dev account; fails the test if it reverted.</summary>
    public Task<TransactionReceipt> SendAsync<TFunction>(Address from, Address to, TFunction message) where TFunction : FunctionMessage, new() =>
        SendAsync(from, to, message.GetCallData());

    /// <summary>ERC-20 transfer from an unlocked dev account, mined before it returns.</summary>
    public Task<TransactionReceipt> TransferAsync(Address token, Address from, Address to, BigInteger raw) =>
        SendAsync(from, token, new TransferFunction { To = to.ToString(), Value = raw });

    /// <summary>Mints a demo token (the deployer may).</summary>
    public Task<TransactionReceipt> MintAsync(Address token, Address to, BigInteger raw) =>
        SendAsync(Deployer, token, new MintFunction { To = to.ToString(), Amount = raw });

    /// <summary>Reports a new answer (8 decimals) to a feed; anyone may call <c>updateAnswer</c> on the demo feeds.</summary>
    public Task<TransactionReceipt> PushAnswerAsync(Address feed, BigInteger answer, Address? from = null) =>
        SendAsync(from ?? Spare, feed, new UpdateAnswerFunction { Answer = answer });

    /// <summary>(roundId, answer, updatedAt) of <c>latestRoundData()</c>.</summary>
    public async Task<(BigInteger Round, BigInteger Answer, BigInteger UpdatedAt)> LatestRoundAsync(Address feed, BlockParameter block = default)
    {
        var round = await QueryOutputAsync<LatestRoundDataFunction, LatestRoundDataOutput>(feed, new LatestRoundDataFunction(), block);
        return (round.RoundId, round.Answer, round.UpdatedAt);
    }

    /// <summary>Deploys one more DemoPriceFeed (8 decimals) with the given bounds from the spare account and returns its address.</summary>
    public async Task<Address> DeployFeedAsync(string description, BigInteger minAnswer, BigInteger maxAnswer, BigInteger initialAnswer)
    {
        var code = ContractArtifact.Load("DemoPriceFeed").CreationCode("uint8,string,int256,int256,int256",
            new BigInteger(DemoMarket.FeedDecimals), description, minAnswer, maxAnswer, initialAnswer);
        var receipt = await SendAsync(Spare, null, code);
        Assert.NotNull(receipt.ContractAddress);
        return receipt.ContractAddress.Value;
    }

    /// <summary>A view's single return value (<c>eth_call</c>, latest block unless given), through Nethereum's typed query.</summary>
    public async Task<TResult> QueryAsync<TFunction, TResult>(Address to, TFunction message, BlockParameter block = default)
        where TFunction : FunctionMessage, new() =>
        await Web3.Eth.GetContractQueryHandler<TFunction>().QueryAsync<TResult>(to.ToString(), message, ToNethereum(block));

    /// <summary>A view's return values as its output DTO (<c>eth_call</c>, latest block unless given).</summary>
    public async Task<TOutput> QueryOutputAsync<TFunction, TOutput>(Address to, TFunction message, BlockParameter block = default)
        where TFunction : FunctionMessage, new() where TOutput : IFunctionOutputDTO, new() =>
        await Web3.Eth.GetContractQueryHandler<TFunction>().QueryDeserializingToObjectAsync<TOutput>(message, to.ToString(), ToNethereum(block));

    /// <summary>The demo Uniswap v3 pool of two demo tokens (by symbol, either order) and fee tier, from the factory's <c>getPool</c>.</summary>
    public async Task<Address> UniswapPoolAsync(string tokenA, string tokenB, int fee, BlockParameter block = default)
    {
        var call = new GetPoolFunction { TokenA = Token(tokenA).ToString(), TokenB = Token(tokenB).ToString(), Fee = (uint)fee };
        return Address.Parse((await QueryOutputAsync<GetPoolFunction, PoolAddressOutput>(Address.Parse(Profile.UniswapV3!.Factory), call, block)).Pool);
    }

    private static Nethereum.RPC.Eth.DTOs.BlockParameter ToNethereum(BlockParameter block) =>
        block.Number is { } n ? new Nethereum.RPC.Eth.DTOs.BlockParameter(n) : Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest();

    public async Task<BlockHeader> BlockAsync(BlockParameter block = default) =>
        await Eth.GetBlockAsync(block) ?? throw new InvalidOperationException($"no block {block}");

    /// <summary>Mines an empty block and returns its header.</summary>
    public async Task<BlockHeader> MineAsync()
    {
        await Eth.RequestAsync<JsonElement>("evm_mine", []);
        return await BlockAsync();
    }

    /// <summary>Moves the chain clock forward and mines a block that carries the new time; returns that block's header.</summary>
    public async Task<BlockHeader> AdvanceTimeAsync(TimeSpan by)
    {
        await Eth.RequestAsync<JsonElement>("evm_increaseTime", [(long)by.TotalSeconds]);
        return await MineAsync();
    }

    /// <summary><c>evm_snapshot</c>: state and clock, to be restored with <see cref="RevertAsync"/>.</summary>
    public Task<string> SnapshotAsync() => Eth.RequestAsync<string>("evm_snapshot", []);

    public async Task RevertAsync(string snapshot) =>
        Assert.True(await Eth.RequestAsync<bool>("evm_revert", [snapshot]), $"evm_revert {snapshot} failed");
}
