using System.Collections.Concurrent;
using ExposureWeb.Engine.Governance;
using ExposureWeb.Risk.Governance;

namespace ExposureWeb.Api;

/// <summary>A chain's governance for the caller: the last scan, proposals with their state and time left, detected changes.</summary>
/// <param name="Chain">The chain profile's name.</param>
/// <param name="LastScanAt">When the last scan finished (UTC), or null before the first.</param>
/// <param name="LastScanBlock">The block it read.</param>
/// <param name="LastError">Why the last scan failed, or null.</param>
/// <param name="ScanCount">Scans so far.</param>
/// <param name="Proposals">Proposals, newest first.</param>
/// <param name="Detected">Parameter changes found between consecutive snapshots, newest first.</param>
public sealed record GovernanceChangesDto(string Chain, DateTimeOffset? LastScanAt, long? LastScanBlock, string? LastError, int ScanCount,
    IReadOnlyList<GovernanceProposalDto> Proposals, IReadOnlyList<DetectedChange> Detected)
{
    /// <summary>The overview as the API answers it at <paramref name="now"/>.</summary>
    public static GovernanceChangesDto Of(GovernanceOverview overview, DateTimeOffset now) => new(
        overview.ChainName, overview.LastScanAt, overview.LastScanBlock, overview.LastError, overview.ScanCount,
        overview.Proposals.Select(p => GovernanceProposalDto.Of(p, now)).ToList(), overview.Detected);
}

/// <summary>A proposal with its newest report's summary over the caller's portfolios.</summary>
/// <param name="Id">The proposal row's id.</param>
/// <param name="ProposalId">The Governor's id (decimal string: it exceeds 2^53).</param>
/// <param name="Title">The description's first line.</param>
/// <param name="Proposer">Who proposed.</param>
/// <param name="State">Pending, Active, Succeeded, Queued, Executed, Canceled, Defeated or Expired, at the last scan.</param>
/// <param name="Eta">When it may execute (UTC), or null.</param>
/// <param name="TimeLeftSeconds">Seconds until <paramref name="Eta"/>: null without an ETA, 0 once it has passed.</param>
/// <param name="CalldataHash">keccak256 over its calls.</param>
/// <param name="LatestReportId">Its newest impact report (GET /api/governance/reports/{id}), or null.</param>
/// <param name="AffectedPortfolios">How many of the caller's portfolios that report finds affected.</param>
/// <param name="WorstHealthAfter">The lowest health factor after among them, or null.</param>
/// <param name="Changes">The parameter changes its calls make.</param>
/// <param name="UnrecognisedCalls">Calls that could not be decoded (listed with raw data in the report).</param>
public sealed record GovernanceProposalDto(int Id, string ProposalId, string Title, string Proposer, string State, DateTimeOffset? Eta, long? TimeLeftSeconds,
    string CalldataHash, int? LatestReportId, int AffectedPortfolios, double? WorstHealthAfter, IReadOnlyList<ParameterChange> Changes, int UnrecognisedCalls)
{
    /// <summary>The proposal with its time left at <paramref name="now"/>.</summary>
    public static GovernanceProposalDto Of(ProposalView p, DateTimeOffset now) => new(
        p.Id, p.ProposalId, p.Title, p.Proposer, p.State, p.Eta, SecondsLeft(p.Eta, now),
        p.CalldataHash, p.LatestReportId, p.AffectedPortfolios, p.WorstHealthAfter, p.Changes, p.UnrecognisedCalls);

    /// <summary>Whole seconds until <paramref name="eta"/> (rounded up, so "0" means executable now); null without one.</summary>
    public static long? SecondsLeft(DateTimeOffset? eta, DateTimeOffset now) =>
        eta is { } e ? (e > now ? (long)Math.Ceiling((e - now).TotalSeconds) : 0) : null;
}

/// <summary>A hypothetical change to simulate.</summary>
/// <param name="Chain">The chain profile's name, e.g. "local".</param>
/// <param name="Change">The changes, one per line or separated by ";": <c>&lt;symbol&gt; &lt;parameter&gt; &lt;value&gt;</c>, e.g. "WETH liquidation threshold 78%".</param>
/// <param name="ExecuteAt">When to execute it (UTC); null or a past time: the next block.</param>
public sealed record WhatIfRequest(string? Chain, string? Change, DateTimeOffset? ExecuteAt)
{
    /// <summary>Longest <see cref="Change"/> accepted (characters).</summary>
    public const int MaxChangeLength = 2_000;
}

/// <summary>A scan put in the job queue.</summary>
/// <param name="JobId">Hangfire's job id.</param>
public sealed record GovernanceScanQueued(string JobId);

/// <summary>
/// One what-if at a time per user: each runs a fork of the chain (an anvil process and a second or two of CPU), so a user
/// who clicks again before the first answers waits instead of piling up forks.
/// </summary>
public sealed class WhatIfGate
{
    private readonly ConcurrentDictionary<int, byte> _running = new();

    /// <summary>Marks <paramref name="userId"/>'s what-if as running; null when one already is.</summary>
    public IDisposable? TryEnter(int userId) => _running.TryAdd(userId, 0) ? new Lease(this, userId) : null;

    private sealed class Lease(WhatIfGate gate, int userId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) gate._running.TryRemove(userId, out _);
        }
    }
}
