using System.Globalization;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.Governance;
using ExposureWeb.Risk.Governance;

namespace ExposureWeb.Engine.Governance;

/// <summary>A report as one reader may see it: only their portfolios, and what changed since the previous run.</summary>
/// <param name="Id">The report's id.</param>
/// <param name="ProposalEntryId">The proposal row it belongs to, or null for a what-if.</param>
/// <param name="PreviousReportId">The run before it on the same proposal, or null.</param>
/// <param name="Report">The report, its portfolios limited to the reader's.</param>
/// <param name="SinceLastRun">What differs from the previous run, in words (empty for the first).</param>
public sealed record ReportView(int Id, int? ProposalEntryId, int? PreviousReportId, ImpactReport Report, IReadOnlyList<string> SinceLastRun);

/// <summary>A chain's governance at a glance, for one reader.</summary>
/// <param name="ChainName">The chain.</param>
/// <param name="LastScanAt">When the last scan finished (UTC), or null.</param>
/// <param name="LastScanBlock">The block it read.</param>
/// <param name="LastError">Why the last scan failed, or null.</param>
/// <param name="ScanCount">Scans so far.</param>
/// <param name="Proposals">Proposals, newest first.</param>
/// <param name="Detected">Parameter changes detected between snapshots, newest first (the first snapshot of a market has none).</param>
public sealed record GovernanceOverview(string ChainName, DateTimeOffset? LastScanAt, long? LastScanBlock, string? LastError, int ScanCount,
    IReadOnlyList<ProposalView> Proposals, IReadOnlyList<DetectedChange> Detected);

/// <summary>A proposal with its newest report's summary over the reader's portfolios.</summary>
/// <param name="Id">The proposal row's id.</param>
/// <param name="ProposalId">The Governor's id (decimal).</param>
/// <param name="Title">The description's first line.</param>
/// <param name="Proposer">Who proposed.</param>
/// <param name="State">Its state at the last scan.</param>
/// <param name="Eta">When it may execute (queued), or null.</param>
/// <param name="CalldataHash">The calls' hash.</param>
/// <param name="LatestReportId">Its newest report, or null.</param>
/// <param name="AffectedPortfolios">The reader's portfolios the newest report finds affected.</param>
/// <param name="WorstHealthAfter">The lowest health factor after among them, or null.</param>
/// <param name="Changes">The parameter changes its calls make.</param>
/// <param name="UnrecognisedCalls">Calls that could not be decoded.</param>
public sealed record ProposalView(int Id, string ProposalId, string Title, string Proposer, string State, DateTimeOffset? Eta, string CalldataHash,
    int? LatestReportId, int AffectedPortfolios, double? WorstHealthAfter, IReadOnlyList<ParameterChange> Changes, int UnrecognisedCalls);

/// <summary>Parameter changes found by a scan: the diff between a snapshot and the one before.</summary>
/// <param name="SnapshotId">The snapshot.</param>
/// <param name="Protocol">aave-v3.</param>
/// <param name="Market">The market's address.</param>
/// <param name="BlockNumber">The block it was read at.</param>
/// <param name="BlockTime">Its timestamp.</param>
/// <param name="Changes">The differences.</param>
public sealed record DetectedChange(int SnapshotId, string Protocol, string Market, long BlockNumber, DateTimeOffset BlockTime, IReadOnlyList<ParameterChange> Changes);

/// <summary>Reads governance results for one reader: only their portfolios' rows, and what-ifs only their own.</summary>
public sealed class GovernanceReports(GovernanceStore store)
{
    /// <summary>The chain's scans, proposals and detected changes.</summary>
    public async Task<GovernanceOverview> OverviewAsync(string chainName, IReadOnlyCollection<int> portfolioIds, CancellationToken ct)
    {
        var state = await store.ScanStateAsync(chainName, ct);
        var proposals = new List<ProposalView>();
        foreach (var p in await store.ProposalsAsync(chainName, ct))
        {
            int affected = 0;
            double? worst = null;
            IReadOnlyList<ParameterChange> changes = [];
            int unrecognised = 0;
            if (p.LatestReportId is { } reportId && await store.ReportAsync(reportId, ct) is { } report)
            {
                var header = GovernanceJson.Read<ImpactReport>(report.HeaderJson);
                changes = header.Changes;
                unrecognised = header.Calls.Count(c => c.Unrecognised is not null);
                foreach (var row in await store.RowsAsync(reportId, portfolioIds, ct))
                {
                    if (!row.Affected) continue;
                    affected++;
                    var impact = GovernanceJson.Read<PortfolioImpact>(row.ImpactJson);
                    if (impact.HealthAfter is { } hf && double.IsFinite(hf)) worst = Math.Min(worst ?? double.MaxValue, hf);
                }
            }
            proposals.Add(new ProposalView(p.Id, p.ProposalId, TitleOf(p.Description), p.Proposer, p.State, p.Eta, p.CalldataHash, p.LatestReportId, affected, worst, changes, unrecognised));
        }
        var detected = (await store.SnapshotsAsync(chainName, 50, ct)).Where(s => s.ChangeCount > 0)
            .Select(s => new DetectedChange(s.Id, s.Protocol, s.Market, s.BlockNumber, s.BlockTime, GovernanceJson.Read<List<ParameterChange>>(s.ChangesJson))).ToList();
        return new GovernanceOverview(chainName, state?.LastScanAt, state?.LastScanBlock, state?.LastError, state?.ScanCount ?? 0, proposals, detected);
    }

    /// <summary>
    /// The report for <paramref name="userId"/>, its rows limited to <paramref name="portfolioIds"/>; null when it does not
    /// exist or is another user's what-if (the same answer, so ids cannot be probed).
    /// </summary>
    public async Task<ReportView?> GetAsync(int reportId, int userId, IReadOnlyCollection<int> portfolioIds, CancellationToken ct)
    {
        var entity = await store.ReportAsync(reportId, ct);
        if (entity is null || (entity.CreatedByUserId is { } owner && owner != userId)) return null;
        var report = await ReadAsync(entity, portfolioIds, ct);
        var since = new List<string>();
        if (entity.PreviousReportId is { } previousId && await store.ReportAsync(previousId, ct) is { } previousEntity)
        {
            since.AddRange(Differences(await ReadAsync(previousEntity, portfolioIds, ct), report));
        }
        return new ReportView(entity.Id, entity.ProposalEntryId, entity.PreviousReportId, report, since);
    }

    /// <summary>A proposal's reports, newest first (ids, states, times).</summary>
    public Task<IReadOnlyList<GovernanceReport>> HistoryAsync(int proposalEntryId, CancellationToken ct) => store.ReportsOfProposalAsync(proposalEntryId, ct);

    private async Task<ImpactReport> ReadAsync(GovernanceReport entity, IReadOnlyCollection<int> portfolioIds, CancellationToken ct)
    {
        var header = GovernanceJson.Read<ImpactReport>(entity.HeaderJson);
        var rows = await store.RowsAsync(entity.Id, portfolioIds, ct);
        return header with { Portfolios = rows.Select(r => GovernanceJson.Read<PortfolioImpact>(r.ImpactJson)).ToList() };
    }

    /// <summary>What differs between two runs of the same proposal, for the reader's portfolios.</summary>
    public static IReadOnlyList<string> Differences(ImpactReport before, ImpactReport after)
    {
        var lines = new List<string>();
        if (before.ProposalState != after.ProposalState) lines.Add($"state {before.ProposalState} → {after.ProposalState}");
        if (before.Eta != after.Eta || before.EtaIsEstimate != after.EtaIsEstimate)
        {
            lines.Add($"ETA {Time(before.Eta)}{(before.EtaIsEstimate ? " (estimate)" : "")} → {Time(after.Eta)}{(after.EtaIsEstimate ? " (estimate)" : "")}");
        }
        if (before.CalldataHash != after.CalldataHash) lines.Add($"calls changed: hash {before.CalldataHash} → {after.CalldataHash}");
        if (before.ForkBlock != after.ForkBlock) lines.Add($"simulated from block {before.ForkBlock} → {after.ForkBlock}");
        if ((before.Revert is null) != (after.Revert is null)) lines.Add(after.Revert is null ? "no longer reverts" : $"now reverts: {after.Revert}");
        foreach (var p in after.Portfolios)
        {
            var old = before.Portfolios.FirstOrDefault(x => x.PortfolioId == p.PortfolioId);
            if (old is null)
            {
                lines.Add($"{p.PortfolioName}: not in the previous run");
                continue;
            }
            if (old.Affected != p.Affected) lines.Add($"{p.PortfolioName}: {(p.Affected ? "now affected" : "no longer affected")}");
            if (old.HealthAfter != p.HealthAfter) lines.Add($"{p.PortfolioName}: health factor after {Hf(old.HealthAfter)} → {Hf(p.HealthAfter)}");
            var newly = p.NewlyLiquidatable.Except(old.NewlyLiquidatable).ToList();
            if (newly.Count > 0) lines.Add($"{p.PortfolioName}: newly liquidatable {string.Join(", ", newly)}");
        }
        return lines;
    }

    internal static string TitleOf(string description)
    {
        var first = description.Split('\n', 2)[0].Trim().TrimStart('#').Trim();
        if (first.Length == 0) first = "(no description)";
        return first.Length > 300 ? first[..297] + "…" : first;
    }

    private static string Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "none";

    private static string Hf(double? hf) => hf is null ? "n/a" : double.IsPositiveInfinity(hf.Value) ? "∞ (no debt)" : hf.Value.ToString("0.######", CultureInfo.InvariantCulture);
}
