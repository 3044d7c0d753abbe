using ExposureWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ExposureWeb.Data.Governance;

/// <summary>What one finished scan stores, all in one transaction (a scan killed before it leaves nothing behind).</summary>
/// <param name="ChainName">The chain.</param>
/// <param name="Holder">The lease holder finishing.</param>
/// <param name="ScanBlock">The block the parameters were read at.</param>
/// <param name="LogBlock">The last block whose logs were read.</param>
/// <param name="Snapshots">New parameter snapshots (only markets whose parameters changed).</param>
/// <param name="Proposals">Proposals new or updated (matched on chain, governor and id).</param>
/// <param name="Reports">New reports with their portfolio rows, each for the proposal of the same governor and id (or none).</param>
public sealed record ScanOutcome(
    string ChainName, string Holder, long ScanBlock, long LogBlock,
    IReadOnlyList<GovernanceParameterSnapshot> Snapshots,
    IReadOnlyList<GovernanceProposalEntry> Proposals,
    IReadOnlyList<(GovernanceReport Report, string? Governor, string? ProposalId, IReadOnlyList<GovernanceReportPortfolio> Rows)> Reports);

/// <summary>
/// Governance scans' storage: the per-chain lease, parameter snapshots, proposals and impact reports.
/// </summary>
public sealed class GovernanceStore(IDbContextFactory<ExposureDbContext> factory, TimeProvider time)
{
    /// <summary>
    /// Takes the chain's scan lease for <paramref name="holder"/> until <paramref name="leaseFor"/> from now, unless another
    /// holder has it and it has not lapsed. One UPDATE decides, so two scans started at once cannot both win.
    /// </summary>
    /// <returns>True when the lease is now <paramref name="holder"/>'s.</returns>
    public async Task<bool> TryAcquireAsync(string chainName, string holder, TimeSpan leaseFor, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!await db.GovernanceScans.AnyAsync(s => s.ChainName == chainName, ct))
        {
            db.GovernanceScans.Add(new GovernanceScanState { ChainName = chainName });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another scan created the row first: the UPDATE below decides between us.
            }
        }
        var now = time.GetUtcNow();
        var until = now + leaseFor;
        var taken = await db.GovernanceScans
            .Where(s => s.ChainName == chainName && (s.LeaseHolder == null || s.LeaseExpiresAt < now))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LeaseHolder, holder).SetProperty(s => s.LeaseExpiresAt, until), ct);
        return taken == 1;
    }

    /// <summary>The chain's scan state, or null before its first scan.</summary>
    public async Task<GovernanceScanState?> ScanStateAsync(string chainName, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.GovernanceScans.AsNoTracking().FirstOrDefaultAsync(s => s.ChainName == chainName, ct);
    }

    /// <summary>Records a failed scan and frees the lease; what earlier scans stored stays.</summary>
    public async Task FailAsync(string chainName, string holder, string error, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.GovernanceScans.Where(s => s.ChainName == chainName && s.LeaseHolder == holder)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastError, error).SetProperty(s => s.LeaseHolder, (string?)null).SetProperty(s => s.LeaseExpiresAt, (DateTimeOffset?)null), ct);
    }

    /// <summary>
    /// Stores a finished scan in one transaction and frees the lease. Refused (nothing stored) when the lease is no
    /// longer <see cref="ScanOutcome.Holder"/>'s: a scan that outlived its lease must not overwrite a newer one.
    /// </summary>
    /// <returns>The stored reports' ids, in the order given.</returns>
    /// <exception cref="InvalidOperationException">The lease was lost.</exception>
    public async Task<IReadOnlyList<int>> CompleteAsync(ScanOutcome outcome, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var state = await db.GovernanceScans.FirstOrDefaultAsync(s => s.ChainName == outcome.ChainName, ct);
        if (state is null || state.LeaseHolder != outcome.Holder)
        {
            throw new InvalidOperationException($"governance scan of {outcome.ChainName}: the lease was lost before the scan finished; nothing stored");
        }

        db.GovernanceSnapshots.AddRange(outcome.Snapshots);
        var proposals = new Dictionary<(string Governor, string Id), GovernanceProposalEntry>();
        foreach (var p in outcome.Proposals)
        {
            var existing = await db.GovernanceProposals.FirstOrDefaultAsync(x => x.ChainName == p.ChainName && x.Governor == p.Governor && x.ProposalId == p.ProposalId, ct);
            if (existing is null)
            {
                db.GovernanceProposals.Add(p);
                existing = p;
            }
            else
            {
                existing.State = p.State;
                existing.Eta = p.Eta;
                existing.UpdatedAt = p.UpdatedAt;
            }
            proposals[(p.Governor, p.ProposalId)] = existing;
        }
        await db.SaveChangesAsync(ct);

        var ids = new List<int>();
        foreach (var (report, governor, proposalId, rows) in outcome.Reports)
        {
            GovernanceProposalEntry? proposal = null;
            if (governor is not null && proposalId is not null)
            {
                proposal = proposals.GetValueOrDefault((governor, proposalId))
                    ?? await db.GovernanceProposals.FirstOrDefaultAsync(x => x.ChainName == outcome.ChainName && x.Governor == governor && x.ProposalId == proposalId, ct);
                report.ProposalEntryId = proposal?.Id;
                report.PreviousReportId = proposal?.LatestReportId;
            }
            db.GovernanceReports.Add(report);
            await db.SaveChangesAsync(ct);
            foreach (var row in rows) row.ReportId = report.Id;
            db.GovernanceReportPortfolios.AddRange(rows);
            if (proposal is not null) proposal.LatestReportId = report.Id;
            ids.Add(report.Id);
        }

        state.LastLogBlock = outcome.LogBlock;
        state.LastScanBlock = outcome.ScanBlock;
        state.LastScanAt = time.GetUtcNow();
        state.LastError = null;
        state.ScanCount++;
        state.LeaseHolder = null;
        state.LeaseExpiresAt = null;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ids;
    }

    /// <summary>Stores a what-if report (no scan, no lease).</summary>
    public async Task<int> AddReportAsync(GovernanceReport report, IReadOnlyList<GovernanceReportPortfolio> rows, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.GovernanceReports.Add(report);
        await db.SaveChangesAsync(ct);
        foreach (var row in rows) row.ReportId = report.Id;
        db.GovernanceReportPortfolios.AddRange(rows);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return report.Id;
    }

    /// <summary>The newest snapshot of a market, or null.</summary>
    public async Task<GovernanceParameterSnapshot?> LatestSnapshotAsync(string chainName, string protocol, string market, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.GovernanceSnapshots.AsNoTracking()
            .Where(s => s.ChainName == chainName && s.Protocol == protocol && s.Market == market)
            .OrderByDescending(s => s.BlockNumber).ThenByDescending(s => s.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>A chain's snapshots, newest first.</summary>
    public async Task<IReadOnlyList<GovernanceParameterSnapshot>> SnapshotsAsync(string chainName, int take, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.GovernanceSnapshots.AsNoTracking().Where(s => s.ChainName == chainName)
            .OrderByDescending(s => s.BlockNumber).ThenByDescending(s => s.Id).Take(take).ToListAsync(ct);
    }

    /// <summary>A chain's proposals, newest first.</summary>
    public async Task<IReadOnlyList<GovernanceProposalEntry>> ProposalsAsync(string chainName, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.GovernanceProposals.AsNoTracking().Where(p => p.ChainName == chainName)
            .OrderByDescending(p => p.CreatedBlock).ThenByDescending(p => p.Id).ToListAsync(ct);
    }

    /// <summary>One proposal.</summary>
    public async Task<GovernanceProposalEntry?> ProposalAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.GovernanceProposals.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
    }

    /// <summary>One report's header, or null.</summary>
    public async Task<GovernanceReport?> ReportAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.GovernanceReports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
    }

    /// <summary>A proposal's reports, newest first.</summary>
    public async Task<IReadOnlyList<GovernanceReport>> ReportsOfProposalAsync(int proposalEntryId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.GovernanceReports.AsNoTracking().Where(r => r.ProposalEntryId == proposalEntryId)
            .OrderByDescending(r => r.Id).ToListAsync(ct);
    }

    /// <summary>A report's rows for the given portfolios only (the caller's): a reader never gets another's.</summary>
    public async Task<IReadOnlyList<GovernanceReportPortfolio>> RowsAsync(int reportId, IReadOnlyCollection<int> portfolioIds, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.GovernanceReportPortfolios.AsNoTracking()
            .Where(r => r.ReportId == reportId && portfolioIds.Contains(r.PortfolioId))
            .OrderByDescending(r => r.Affected).ThenBy(r => r.PortfolioId).ToListAsync(ct);
    }

    /// <summary>A report's affected rows, every portfolio (the engine's own use: the alert metric).</summary>
    public async Task<IReadOnlyList<GovernanceReportPortfolio>> AffectedRowsAsync(int reportId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.GovernanceReportPortfolios.AsNoTracking().Where(r => r.ReportId == reportId && r.Affected).ToListAsync(ct);
    }

    /// <summary>Chains with at least one stored proposal.</summary>
    public async Task<IReadOnlyList<string>> ChainsWithProposalsAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.GovernanceProposals.AsNoTracking().Select(p => p.ChainName).Distinct().ToListAsync(ct);
    }
}
