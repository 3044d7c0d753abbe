namespace ExposureWeb.Chain.Rpc;

/// <summary>
/// Which block a state query runs against: the node's <see cref="Latest"/> block or a specific block number.
/// </summary>
/// <remarks>
/// Only the two forms the dashboard needs are modelled; "pending", "safe" and "finalized" can be added as further
/// tags without changing callers. <c>default(BlockParameter)</c> is <see cref="Latest"/>.
/// </remarks>
public readonly record struct BlockParameter
{
    private BlockParameter(ulong? number) => Number = number;

    /// <summary>The most recent block the node has.</summary>
    public static BlockParameter Latest => default;

    /// <summary>The block number, or null for <see cref="Latest"/>.</summary>
    public ulong? Number { get; }

    /// <summary>Whether this is <see cref="Latest"/>.</summary>
    public bool IsLatest => Number is null;

    /// <summary>A specific block by number (height, 0 = genesis).</summary>
    public static BlockParameter FromNumber(ulong number) => new(number);

    /// <summary>Implicit conversion from a block number.</summary>
    public static implicit operator BlockParameter(ulong number) => FromNumber(number);

    /// <summary>The JSON-RPC form: <c>"latest"</c> or a hex quantity such as <c>"0x1a"</c>.</summary>
    public string ToRpcString() => Number is { } n ? HexQuantity.Format(n) : "latest";

    /// <inheritdoc />
    public override string ToString() => ToRpcString();
}
