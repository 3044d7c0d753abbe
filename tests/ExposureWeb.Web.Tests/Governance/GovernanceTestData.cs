using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Governance;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Risk.Governance;

namespace ExposureWeb.Web.Tests.Governance;

/// <summary>Impact reports built by hand, stored the way the scan and the what-if store them.</summary>
internal static class GovernanceTestData
{
    public static readonly DateTimeOffset ForkTime = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    public static PortfolioImpact Portfolio(int id, string name, double? before, double? after, bool affected = true) => new(
        id, name, affected, before, after, after, [], 12_000, 11_000, 50_000, 50_000, null, null, null, null, [], [], [],
        [new PayoffShift("ETH", 3_000, [1_500, 3_000, 4_500], [-20_000, 0, 15_000],
            [new PayoffMark("aave:0x1", 1_600, -0.4667, -18_000, "falls below")], [new PayoffMark("aave:0x1", 1_660, -0.4467, -17_000, "falls below")])],
        []);

    public static ImpactReport Report(string title, IReadOnlyList<PortfolioImpact> portfolios, string kind = ImpactReportKinds.WhatIf) => new(
        "local", kind, title, kind == ImpactReportKinds.WhatIf ? null : "42", kind == ImpactReportKinds.WhatIf ? null : "Queued",
        kind == ImpactReportKinds.WhatIf ? null : ForkTime.AddMinutes(5), false, "0x" + new string('a', 64), 1234, "0x" + new string('b', 64), ForkTime,
        ForkTime.AddSeconds(1), [],
        [new ParameterChange(ParameterScopes.Reserve, "0x0000000000000000000000000000000000000001", "WETH", ParameterNames.LiquidationThreshold, "8300", "7800", ParameterUnits.BasisPoints)],
        null, true, portfolios, ForkTime);

    /// <summary>The entity and rows as the what-if stores them (header without portfolios, one row per portfolio).</summary>
    public static (GovernanceReport Entity, List<GovernanceReportPortfolio> Rows) Stored(ImpactReport report, int? createdBy) => (
        new GovernanceReport
        {
            ChainName = report.ChainName, Kind = report.Kind, ProposalState = report.ProposalState, Eta = report.Eta, Title = report.Title,
            CalldataHash = report.CalldataHash, ForkBlock = (long)report.ForkBlock, HeaderJson = GovernanceJson.Write(report with { Portfolios = [] }),
            AffectedCount = report.Portfolios.Count(p => p.Affected), CreatedByUserId = createdBy, CreatedAt = report.CreatedAt,
        },
        report.Portfolios.Select(p => new GovernanceReportPortfolio { PortfolioId = p.PortfolioId, Affected = p.Affected, ImpactJson = GovernanceJson.Write(p) }).ToList());
}
