namespace ExposureWeb.Engine.Snapshots;

/// <summary>What the engine knows of a chain's node right now.</summary>
/// <param name="ChainName">Chain profile name.</param>
/// <param name="Reachable">False while no configured RPC answers (or answers for another chain id).</param>
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
    string? Error);
