namespace ExposureWeb.Engine.Snapshots;

/// <summary>What the engine knows of a chain's node right now.</summary>
/// <param name="ChainName">Chain profile name.</param>
/// <param name="Reachable">
/// False while no configured RPC answers, answers for another chain id, or reports a head that cannot be trusted (it
/// went backwards without a reorg); <see cref="Error"/> says which.
/// </param>
/// <param name="HeadBlock">Newest block seen; data on screen is as of this block or older.</param>
/// <param name="HeadReceivedAt">When that head arrived (UTC, server clock).</param>
/// <param name="UnreachableSince">When the node stopped answering (UTC); null while reachable.</param>
/// <param name="Error">The last failure, in words a user can act on.</param>
public sealed record ChainStatus(
    string ChainName,
    bool Reachable,
    ulong? HeadBlock,
    DateTimeOffset? HeadReceivedAt,
    DateTimeOffset? UnreachableSince,
    string? Error)
{
    /// <summary>
    /// The RPC endpoint (one of the profile's <c>rpcUrls</c>, credentials redacted) that answered most recently: where
    /// the data on screen was read. Null before any answer.
    /// </summary>
    public string? RpcEndpoint { get; init; }
}
