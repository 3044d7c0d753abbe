using System.Collections.Concurrent;
using ExposureWeb.Chain.Protocols.Governance;
using ExposureWeb.Data.Governance;
using ExposureWeb.Engine.Snapshots;
using Microsoft.Extensions.Hosting;

namespace ExposureWeb.Engine.Governance;

/// <summary>
/// Which live proposals affect which portfolio, from each proposal's latest impact report: every snapshot the engine
/// computes carries its portfolio's entries (<see cref="ExposureSnapshot.Governance"/>), so the "governance change
/// affects me" alert fires as soon as a scan reports a new proposal and resolves when it executes or is cancelled.
/// </summary>
public sealed class GovernanceImpactBook(GovernanceStore store)
{
    private static readonly HashSet<string> Live =
        [nameof(ProposalState.Pending), nameof(ProposalState.Active), nameof(ProposalState.Succeeded), nameof(ProposalState.Queued)];

    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<int, IReadOnlyList<GovernanceExposure>>> _byChain = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The entries of a portfolio (empty when no live proposal affects it).</summary>
    public IReadOnlyList<GovernanceExposure> For(string chainName, int portfolioId) =>
        _byChain.TryGetValue(chainName, out var book) && book.TryGetValue(portfolioId, out var entries) ? entries : [];

    /// <summary>Rebuilds a chain's entries from the stored proposals and reports (after each scan, and at start).</summary>
    public async Task RefreshAsync(string chainName, CancellationToken ct)
    {
        var book = new Dictionary<int, List<GovernanceExposure>>();
        foreach (var proposal in await store.ProposalsAsync(chainName, ct))
        {
            if (!Live.Contains(proposal.State) || proposal.LatestReportId is not { } reportId) continue;
            var report = await store.ReportAsync(reportId, ct);
            if (report is null) continue;
            foreach (var row in await store.AffectedRowsAsync(reportId, ct))
            {
                var impact = GovernanceJson.Read<PortfolioImpact>(row.ImpactJson);
                if (!book.TryGetValue(row.PortfolioId, out var list)) book[row.PortfolioId] = list = [];
                list.Add(new GovernanceExposure(proposal.ProposalId, report.Title, proposal.State, report.Eta, impact.HealthAfter, reportId));
            }
        }
        _byChain[chainName] = book.ToDictionary(b => b.Key, b => (IReadOnlyList<GovernanceExposure>)b.Value);
    }

    /// <summary>Loads every chain's entries before the engine starts reading blocks, so a restart does not blank them.</summary>
    internal sealed class Loader(GovernanceImpactBook book, GovernanceStore store) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            foreach (var chain in await store.ChainsWithProposalsAsync(cancellationToken)) await book.RefreshAsync(chain, cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
