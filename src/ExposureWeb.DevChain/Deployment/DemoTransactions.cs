using System.Numerics;
using ExposureWeb.Chain.Primitives;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace ExposureWeb.DevChain.Deployment;

/// <summary>
/// The deployer's side of one deployment, through Nethereum: contract creation (typed deployment messages), typed
/// function messages (from the deployer or an unlocked dev account) that must succeed, and typed reads.
/// </summary>
internal sealed class DemoTransactions(IWeb3 web3, CancellationToken ct)
{
    /// <summary>Gas limit of every deployment transaction: a third of anvil's 30M block gas limit, far above any of them.</summary>
    private const ulong DeploymentGas = 10_000_000;

    public string Deployer { get; } = DemoMarket.Deployer;

    public IWeb3 Web3 => web3;

    public CancellationToken Cancellation => ct;

    /// <summary>Every official build deployed so far (or created by one, like a factory's pools), for code checks.</summary>
    public List<OfficialDeployment> Official { get; } = [];

    /// <summary>Deploys an official build and records it in <see cref="Official"/>.</summary>
    public async Task<Address> DeployOfficialAsync<TDeployment>(string artifact, TDeployment deployment, IReadOnlyDictionary<string, Address>? libraries = null)
        where TDeployment : ContractDeploymentMessage, new()
    {
        var address = await DeployAsync(deployment);
        Official.Add(new OfficialDeployment(artifact, address, libraries ?? new Dictionary<string, Address>()));
        return address;
    }

    /// <summary>Deploys a contract from the deployer and returns its address.</summary>
    public async Task<Address> DeployAsync<TDeployment>(TDeployment deployment) where TDeployment : ContractDeploymentMessage, new()
    {
        var what = $"deployment of {typeof(TDeployment).Name.Replace("Deployment", "", StringComparison.Ordinal)}";
        deployment.FromAddress = Deployer;
        deployment.Gas = DeploymentGas;
        var receipt = await web3.Eth.GetContractDeploymentHandler<TDeployment>().SendRequestAndWaitForReceiptAsync(deployment, ct);
        if (!Succeeded(receipt)) throw new InvalidOperationException($"{what} reverted (transaction {receipt.TransactionHash}): contract creation failed");
        return Address.Parse(receipt.ContractAddress ?? throw new InvalidOperationException($"{what} created no contract"));
    }

    /// <summary>Sends <paramref name="message"/> to <paramref name="to"/> from the deployer.</summary>
    public Task<TransactionReceipt> SendAsync<TFunction>(Address to, TFunction message) where TFunction : FunctionMessage, new() =>
        SendFromAsync(Deployer, to, message);

    /// <summary>Sends <paramref name="message"/> to <paramref name="to"/> from an unlocked dev account.</summary>
    public async Task<TransactionReceipt> SendFromAsync<TFunction>(string from, Address to, TFunction message) where TFunction : FunctionMessage, new()
    {
        // An explicit gas limit: a node's estimate is taken against the state at the time of asking and, on a busy
        // machine, was seen too low for a borrow that then reverted while its replay succeeded. (It also spares
        // Nethereum's eth_estimateGas round trip.)
        message.FromAddress = from;
        message.Gas = DeploymentGas;
        var receipt = await web3.Eth.GetContractTransactionHandler<TFunction>().SendRequestAndWaitForReceiptAsync(to.ToString(), message, ct);
        if (!Succeeded(receipt))
        {
            var what = $"{typeof(TFunction).Name.Replace("Function", "", StringComparison.Ordinal)} on {to}";
            var reason = await ReasonAsync(message.CreateCallInput(to.ToString()), receipt.BlockNumber.Value);
            throw new InvalidOperationException($"{what} reverted (transaction {receipt.TransactionHash}): {reason}");
        }
        return receipt;
    }

    /// <summary>A view's single return value at the latest block.</summary>
    public Task<TResult> QueryAsync<TFunction, TResult>(Address to, TFunction message) where TFunction : FunctionMessage, new() =>
        web3.Eth.GetContractQueryHandler<TFunction>().QueryAsync<TResult>(to.ToString(), message);

    /// <summary>A view's return values at the latest block, as its output DTO.</summary>
    public Task<TOutput> QueryOutputAsync<TFunction, TOutput>(Address to, TFunction message)
        where TFunction : FunctionMessage, new() where TOutput : IFunctionOutputDTO, new() =>
        web3.Eth.GetContractQueryHandler<TFunction>().QueryDeserializingToObjectAsync<TOutput>(message, to.ToString());

    /// <summary>Timestamp of the latest block: the chain's clock.</summary>
    public async Task<DateTimeOffset> ChainTimeAsync()
    {
        var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest())
            ?? throw new InvalidOperationException("the chain has no latest block");
        return DateTimeOffset.FromUnixTimeSeconds((long)block.Timestamp.Value);
    }

    private static bool Succeeded(TransactionReceipt receipt) => receipt.Status?.Value == BigInteger.One;

    /// <summary>Replays a reverted transaction as an eth_call on the state before its block to learn why it reverted.</summary>
    private async Task<string> ReasonAsync(CallInput call, BigInteger block)
    {
        try
        {
            await web3.Eth.Transactions.Call.SendRequestAsync(call, new BlockParameter(new HexBigInteger(block - 1)));
            var txs = await web3.Eth.Blocks.GetBlockTransactionCountByNumber.SendRequestAsync(new BlockParameter(new HexBigInteger(block)));
            var tx = await web3.Eth.Transactions.GetTransactionByBlockNumberAndIndex.SendRequestAsync(new HexBigInteger(block), new HexBigInteger(0));
            return $"it succeeds when replayed on the state before its block ({txs.Value} transaction(s) in block {block}; gas limit {tx?.Gas?.Value})";
        }
        catch (RpcResponseException ex)
        {
            return $"{DescribeRevert(ex.RpcError.GetDataAsString())} ({ex.RpcError.Message})";
        }
    }

    /// <summary>The revert data in words: Error(string)'s message, Panic(uint256)'s code, or the raw custom error.</summary>
    private static string DescribeRevert(string? data)
    {
        if (data is null || data.Length <= 2) return "reverted without a reason";
        return Nethereum.ABI.FunctionEncoding.ErrorFunction.IsErrorData(data)
            ? $"reverted: {new FunctionCallDecoder().DecodeFunctionErrorMessage(data)}"
            : $"reverted with data {data}";
    }
}

/// <summary>An official contract on the dev chain: its artifact name, address, and the libraries linked into it.</summary>
public sealed record OfficialDeployment(string Artifact, Address Address, IReadOnlyDictionary<string, Address> Libraries);
