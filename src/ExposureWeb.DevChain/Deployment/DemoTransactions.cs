using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.DevChain.Deployment;

/// <summary>
/// The deployer's side of one deployment: contract creation, transactions (from the deployer or an unlocked dev
/// account) that must succeed, and reads. anvil mines each transaction as it arrives, so receipts are polled briefly.
/// </summary>
internal sealed class DemoTransactions(EthClient eth, CancellationToken ct)
{
    private static readonly TimeSpan ReceiptTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReceiptPoll = TimeSpan.FromMilliseconds(5);

    /// <summary>Gas limit of every deployment transaction: a third of anvil's 30M block gas limit, far above any of them.</summary>
    private const ulong DeploymentGas = 10_000_000;

    public Address Deployer { get; } = Address.Parse(DemoMarket.Deployer);

    public EthClient Eth => eth;

    public CancellationToken Cancellation => ct;

    /// <summary>Deploys an embedded artifact with ABI-encoded constructor arguments (<paramref name="constructorTypes"/> e.g. <c>string,uint8</c>).</summary>
    public async Task<Address> DeployAsync(string artifact, string constructorTypes = "", params object[] args)
    {
        var code = ContractArtifact.Load(artifact).CreationCode(constructorTypes, args);
        var receipt = await MineAsync(Deployer, null, code, $"deployment of {artifact}");
        return receipt.ContractAddress ?? throw new InvalidOperationException($"deployment of {artifact} created no contract");
    }

    /// <summary>Calls <paramref name="function"/> on <paramref name="to"/> from the deployer.</summary>
    public Task<TransactionReceipt> SendAsync(Address to, AbiFunction function, params object[] args) =>
        SendFromAsync(Deployer, to, function, args);

    /// <summary>Calls <paramref name="function"/> on <paramref name="to"/> from an unlocked dev account.</summary>
    public Task<TransactionReceipt> SendFromAsync(Address from, Address to, AbiFunction function, params object[] args) =>
        MineAsync(from, to, function.EncodeCall(args), $"{function.Name} on {to}");

    /// <summary><c>eth_call</c> at the latest block, decoded.</summary>
    public async Task<object[]> CallAsync(Address to, AbiFunction function, params object[] args) =>
        function.DecodeOutput(await eth.CallAsync(to, function.EncodeCall(args), BlockParameter.Latest, ct: ct));

    /// <summary>Timestamp of the latest block: the chain's clock.</summary>
    public async Task<DateTimeOffset> ChainTimeAsync() =>
        (await eth.GetBlockAsync(BlockParameter.Latest, ct) ?? throw new InvalidOperationException("the chain has no latest block")).Timestamp;

    private async Task<TransactionReceipt> MineAsync(Address from, Address? to, byte[] data, string what)
    {
        // An explicit gas limit: a node's estimate is taken against the state at the time of asking and, on a busy
        // machine, was seen too low for a borrow that then reverted while its replay succeeded.
        var hash = await eth.RequestAsync<string>("eth_sendTransaction",
            [new { from, to, data = Hex.Encode(data), gas = HexQuantity.Format(DeploymentGas) }], ct);
        var receipt = await eth.WaitForReceiptAsync(hash, ReceiptTimeout, ReceiptPoll, ct);
        if (!receipt.Succeeded) throw new InvalidOperationException($"{what} reverted (transaction {hash}): {await ReasonAsync(from, to, data, receipt.BlockNumber)}");
        return receipt;
    }

    /// <summary>Replays a reverted transaction as an eth_call on the state before its block to learn why it reverted.</summary>
    private async Task<string> ReasonAsync(Address from, Address? to, byte[] data, ulong block)
    {
        if (to is null) return "contract creation failed";
        try
        {
            await eth.CallAsync(to.Value, data, BlockParameter.FromNumber(block - 1), from, ct);
            var txs = await eth.RequestAsync<System.Text.Json.JsonElement>("eth_getBlockTransactionCountByNumber", [HexQuantity.Format(block)], ct);
            var tx = await eth.RequestAsync<System.Text.Json.JsonElement>("eth_getTransactionByBlockNumberAndIndex", [HexQuantity.Format(block), "0x0"], ct);
            return $"it succeeds when replayed on the state before its block ({txs} transaction(s) in block {block}; gas limit {tx.GetProperty("gas")})";
        }
        catch (RpcErrorException ex)
        {
            return Chain.Multicall.RevertReason.Describe(ex.DataBytes ?? []) + $" ({ex.RpcMessage})";
        }
    }
}
