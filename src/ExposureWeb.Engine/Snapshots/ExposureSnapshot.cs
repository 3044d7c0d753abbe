namespace ExposureWeb.Engine.Snapshots;

/// <summary>
/// A portfolio's exposure computed from one block: every figure in it was read in the same
/// Multicall3 call pinned to <see cref="BlockNumber"/>. This is the message the hub publishes.
/// </summary>
/// <param name="PortfolioId">Portfolio this belongs to.</param>
/// <param name="ChainName">Chain profile name.</param>
/// <param name="BlockNumber">Block the state was read at.</param>
/// <param name="BlockHash">Hash of that block (a reorg shows as the same number with another hash).</param>
/// <param name="BlockTime">Block timestamp (UTC).</param>
/// <param name="ComputedAt">When the engine finished computing it (UTC, server clock).</param>
/// <param name="Assets">Net exposure per underlying.</param>
/// <param name="Errors">Reads that failed; the rest of the snapshot is still valid.</param>
public sealed record ExposureSnapshot(
    int PortfolioId,
    string ChainName,
    ulong BlockNumber,
    string BlockHash,
    DateTimeOffset BlockTime,
    DateTimeOffset ComputedAt,
    IReadOnlyList<AssetExposureRow> Assets,
    IReadOnlyList<string> Errors)
{
    /// <summary>Sum of USD deltas of the priced rows, in USD.</summary>
    public double NetUsdDelta => Assets.Sum(a => a.UsdDelta ?? 0);
}

/// <summary>One underlying's spot exposure with provenance.</summary>
/// <param name="Underlying">Unit of netting (WETH and ETH both count as ETH).</param>
/// <param name="Holdings">The tokens that make it up, e.g. <c>ETH + WETH</c>.</param>
/// <param name="Quantity">Net quantity in units of the underlying (= spot delta in units).</param>
/// <param name="PriceUsd">Oracle price, USD per unit; null when unusable or missing.</param>
/// <param name="UsdDelta">Quantity × price, USD; null without a usable price.</param>
/// <param name="OracleUpdatedAt">The feed's <c>updatedAt</c> (UTC); null without a feed.</param>
/// <param name="HeartbeatSeconds">The feed's heartbeat; an answer older than it plus the margin is stale.</param>
/// <param name="StaleAfter">When the answer becomes stale (updatedAt + heartbeat + margin), UTC.</param>
/// <param name="PriceIssue">Why the price is not trusted (stale at read time, non-positive, missing), or null.</param>
public sealed record AssetExposureRow(
    string Underlying,
    string Holdings,
    double Quantity,
    double? PriceUsd,
    double? UsdDelta,
    DateTimeOffset? OracleUpdatedAt,
    int? HeartbeatSeconds,
    DateTimeOffset? StaleAfter,
    string? PriceIssue)
{
    /// <summary>True when the price has an issue or has aged past its heartbeat by <paramref name="now"/>.</summary>
    public bool IsStale(DateTimeOffset now) => PriceIssue is not null || StaleAfter is null || now > StaleAfter;
}
