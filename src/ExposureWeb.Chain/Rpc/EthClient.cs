using System.Numerics;
using System.Text.Json;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Rpc;

/// <summary>
/// Typed <c>eth_*</c> calls over an <see cref="IRpcTransport"/>. Quantities come back as numbers (wei for
/// balances), data as bytes, hashes as lower-case "0x" hex strings.
/// </summary>
/// <remarks>
/// Besides the transport's <see cref="RpcErrorException"/> and <see cref="RpcUnavailableException"/>, every method
/// throws <see cref="FormatException"/> when the node's result does not have the documented shape.
/// </remarks>
public sealed class EthClient
{
    /// <summary>Default for <see cref="WaitForReceiptAsync"/>: give up after 60 s.</summary>
    public static readonly TimeSpan DefaultReceiptTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Default for <see cref="WaitForReceiptAsync"/>: ask again every 250 ms.</summary>
    public static readonly TimeSpan DefaultReceiptPollInterval = TimeSpan.FromMilliseconds(250);

    private readonly TimeProvider _time;

    /// <summary>Creates a client over a transport.</summary>
    /// <param name="transport">Where calls go, e.g. a <see cref="JsonRpcHttpClient"/>.</param>
    /// <param name="timeProvider">Clock for receipt polling; defaults to the system clock.</param>
    public EthClient(IRpcTransport transport, TimeProvider? timeProvider = null)
    {
        Transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The underlying transport.</summary>
    public IRpcTransport Transport { get; }

    /// <summary><c>eth_chainId</c>: the EIP-155 chain id (1 = mainnet, 31337 = anvil).</summary>
    public async Task<ulong> ChainIdAsync(CancellationToken ct = default) =>
        ReadUInt64(await SendAsync("eth_chainId", [], ct).ConfigureAwait(false));

    /// <summary><c>eth_blockNumber</c>: the height of the latest block.</summary>
    public async Task<ulong> BlockNumberAsync(CancellationToken ct = default) =>
        ReadUInt64(await SendAsync("eth_blockNumber", [], ct).ConfigureAwait(false));

    /// <summary><c>eth_getBlockByNumber</c> without transactions.</summary>
    /// <returns>The header, or null when the node does not have that block (e.g. a future number).</returns>
    public async Task<BlockHeader?> GetBlockAsync(BlockParameter block, CancellationToken ct = default)
    {
        JsonElement result = await SendAsync("eth_getBlockByNumber", [block.ToRpcString(), false], ct).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : BlockHeader.FromJson(result);
    }

    /// <summary><c>eth_getBalance</c>: the account's ether balance in wei (10^18 wei = 1 ETH).</summary>
    public async Task<BigInteger> GetBalanceAsync(Address address, BlockParameter block, CancellationToken ct = default) =>
        ReadBigInteger(await SendAsync("eth_getBalance", [address, block.ToRpcString()], ct).ConfigureAwait(false));

    /// <summary><c>eth_getCode</c>: the account's contract code (empty for an externally owned account).</summary>
    public async Task<byte[]> GetCodeAsync(Address address, BlockParameter block, CancellationToken ct = default) =>
        RpcJson.ParseData(ReadString(await SendAsync("eth_getCode", [address, block.ToRpcString()], ct).ConfigureAwait(false)));

    /// <summary><c>eth_call</c>: executes a read-only call and returns the raw return data.</summary>
    /// <param name="to">The contract.</param>
    /// <param name="data">Calldata (selector + ABI-encoded arguments).</param>
    /// <param name="block">State to run against.</param>
    /// <param name="from">Optional <c>msg.sender</c>; some contracts answer differently per caller.</param>
    /// <param name="ct">Cancels the request.</param>
    /// <exception cref="RpcErrorException">
    /// The call reverted; <see cref="RpcErrorException.DataBytes"/> holds the revert data (empty for a bare revert).
    /// </exception>
    public async Task<byte[]> CallAsync(Address to, byte[] data, BlockParameter block, Address? from = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var call = new { from, to, data = Hex.Encode(data) };
        JsonElement result = await SendAsync("eth_call", [call, block.ToRpcString()], ct).ConfigureAwait(false);
        return RpcJson.ParseData(ReadString(result));
    }

    /// <summary>
    /// <c>eth_sendTransaction</c>: asks the node to sign with one of its own unlocked accounts (dev nodes such as
    /// anvil); fees and, unless <paramref name="gas"/> is given, the gas limit are left to the node.
    /// </summary>
    /// <param name="from">An account the node can sign for.</param>
    /// <param name="to">Recipient; null deploys <paramref name="data"/> as contract init code.</param>
    /// <param name="data">Calldata or init code; may be empty.</param>
    /// <param name="value">Ether to transfer, in wei.</param>
    /// <param name="gas">Gas limit; null lets the node estimate it (an estimate taken on a busy node can be too low).</param>
    /// <param name="ct">Cancels the request.</param>
    /// <returns>The transaction hash ("0x" + 64 lower-case hex characters).</returns>
    public async Task<string> SendTransactionAsync(Address from, Address? to, byte[] data, BigInteger? value = null, CancellationToken ct = default, ulong? gas = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var transaction = new
        {
            from,
            to,
            data = data.Length == 0 ? null : Hex.Encode(data),
            value = value is { } v ? HexQuantity.Format(v) : null,
            gas = gas is { } g ? HexQuantity.Format(g) : null,
        };
        JsonElement result = await SendAsync("eth_sendTransaction", [transaction], ct).ConfigureAwait(false);
        return RpcJson.ParseHash(ReadString(result));
    }

    /// <summary><c>eth_getTransactionReceipt</c>.</summary>
    /// <returns>The receipt, or null while the transaction is pending or unknown.</returns>
    public async Task<TransactionReceipt?> GetTransactionReceiptAsync(string transactionHash, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(transactionHash);
        JsonElement result = await SendAsync("eth_getTransactionReceipt", [transactionHash], ct).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : TransactionReceipt.FromJson(result);
    }

    /// <summary>Polls <c>eth_getTransactionReceipt</c> until the transaction is mined.</summary>
    /// <param name="transactionHash">The transaction.</param>
    /// <param name="timeout">How long to wait in total; default 60 s.</param>
    /// <param name="pollInterval">Pause between attempts; default 250 ms.</param>
    /// <param name="ct">Cancels the wait.</param>
    /// <exception cref="TimeoutException">No receipt within <paramref name="timeout"/>.</exception>
    public async Task<TransactionReceipt> WaitForReceiptAsync(
        string transactionHash,
        TimeSpan? timeout = null,
        TimeSpan? pollInterval = null,
        CancellationToken ct = default)
    {
        TimeSpan limit = timeout ?? DefaultReceiptTimeout;
        TimeSpan interval = pollInterval ?? DefaultReceiptPollInterval;
        long started = _time.GetTimestamp();
        while (true)
        {
            if (await GetTransactionReceiptAsync(transactionHash, ct).ConfigureAwait(false) is { } receipt)
            {
                return receipt;
            }

            if (_time.GetElapsedTime(started) + interval > limit)
            {
                throw new TimeoutException($"transaction {transactionHash} not mined within {limit.TotalSeconds:0.###} s");
            }

            await Task.Delay(interval, _time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Any method, with the result deserialized by System.Text.Json (web defaults, camelCase).</summary>
    /// <typeparam name="T">Result type; use <see cref="JsonElement"/> for the raw result.</typeparam>
    /// <exception cref="FormatException">The result cannot be deserialized as <typeparamref name="T"/>.</exception>
    public async Task<T> RequestAsync<T>(string method, IReadOnlyList<object?> parameters, CancellationToken ct = default)
    {
        JsonElement result = await SendAsync(method, parameters, ct).ConfigureAwait(false);
        try
        {
            return result.Deserialize<T>(RpcJson.Options)!;
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{method} result {RpcJson.Describe(result)} is not a {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    private Task<JsonElement> SendAsync(string method, IReadOnlyList<object?> parameters, CancellationToken ct) =>
        Transport.SendAsync(method, parameters, ct);

    private static string ReadString(JsonElement result) =>
        result.ValueKind == JsonValueKind.String
            ? result.GetString()!
            : throw new FormatException($"expected a string result, got {RpcJson.Describe(result)}");

    private static ulong ReadUInt64(JsonElement result) => HexQuantity.ParseUInt64(ReadString(result));

    private static BigInteger ReadBigInteger(JsonElement result) => HexQuantity.ParseBigInteger(ReadString(result));
}
