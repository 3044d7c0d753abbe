using System.Globalization;
using ExposureWeb.Chain.Governance;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Governance;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Data.Entities;

namespace ExposureWeb.Engine.Governance;

/// <summary>
/// Operations scheduled in the timelock by someone other than the Governor (a guardian, a multisig with the proposer
/// role): pending changes too, listed and reported like proposals. Each is a row whose <c>Governor</c> is the timelock
/// and whose id is the operation's bytes32; its state comes from the timelock's <c>getTimestamp</c> (0 cancelled or
/// unknown, 1 done, else queued until that time).
/// </summary>
public static class TimelockOperations
{
    /// <summary>Description prefix of an operation's row (it has no text of its own).</summary>
    public const string DescriptionPrefix = "Timelock operation ";

    /// <summary>The operations in <paramref name="events"/> whose calls are not a Governor proposal's, as new rows.</summary>
    /// <param name="events">The scan's logs.</param>
    /// <param name="timelock">The timelock's address (checksummed).</param>
    /// <param name="governorHashes">Calldata hashes of the Governor's proposals (their queued operations are theirs).</param>
    /// <param name="chainName">The chain.</param>
    /// <param name="now">Detection time.</param>
    public static IEnumerable<GovernanceProposalEntry> Scheduled(GovernanceEvents events, string timelock, IReadOnlySet<string> governorHashes, string chainName, DateTimeOffset now)
    {
        foreach (var operation in events.Scheduled.GroupBy(s => s.OperationId, StringComparer.OrdinalIgnoreCase))
        {
            var calls = operation.OrderBy(c => c.Index).Select(c => new ProposalCall(c.Index, c.Target, c.Value, c.Data)).ToList();
            var hash = GovernanceScanService.CalldataHash(calls);
            if (governorHashes.Contains(hash)) continue;
            var first = operation.First();
            yield return new GovernanceProposalEntry
            {
                ChainName = chainName, Governor = timelock, ProposalId = operation.Key.ToLowerInvariant(), Proposer = "(timelock proposer)",
                Description = DescriptionPrefix + operation.Key.ToLowerInvariant() + $" (delay {first.DelaySeconds.ToString(CultureInfo.InvariantCulture)} s)",
                CallsJson = GovernanceJson.Write(calls), CalldataHash = hash, State = nameof(ProposalState.Queued),
                CreatedBlock = (long)first.BlockNumber, CreatedTransaction = first.TransactionHash, DetectedAt = now, UpdatedAt = now,
            };
        }
    }

    /// <summary>Each operation's state and ETA at <paramref name="block"/>, in one Multicall3 batch.</summary>
    public static async Task<IReadOnlyDictionary<string, (ProposalState State, DateTimeOffset? Eta)>> StatusAsync(
        EthClient eth, Address multicall, Address timelock, IReadOnlyList<string> operationIds, ulong block, CancellationToken ct)
    {
        var batch = new MulticallBatch();
        var index = operationIds.ToDictionary(id => id, id => batch.Add(timelock, new GetOperationTimestampFunction { Id = Hex.Decode(id) }));
        var outcomes = await batch.ExecuteAsync(eth, multicall, BlockParameter.FromNumber(block), ct).ConfigureAwait(false);
        var states = new Dictionary<string, (ProposalState, DateTimeOffset?)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, i) in index)
        {
            if (!outcomes[i].TryDecode<OperationTimestampOutput>(out var t, out _)) continue;
            states[id] = t.Timestamp.IsZero ? (ProposalState.Canceled, null)
                : t.Timestamp.IsOne ? (ProposalState.Executed, null)
                : (ProposalState.Queued, DateTimeOffset.FromUnixTimeSeconds((long)t.Timestamp));
        }
        return states;
    }
}
