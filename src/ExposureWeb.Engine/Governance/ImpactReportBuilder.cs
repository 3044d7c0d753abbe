using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Risk.Governance;

namespace ExposureWeb.Engine.Governance;

/// <summary>What a report is about, besides the simulation's figures.</summary>
/// <param name="ChainName">The chain profile.</param>
/// <param name="Kind"><see cref="ImpactReportKinds"/>.</param>
/// <param name="Title">What is simulated, in words.</param>
/// <param name="ProposalId">The proposal id, or null.</param>
/// <param name="ProposalState">Its state, or null.</param>
/// <param name="Eta">Its ETA or estimate, or null.</param>
/// <param name="EtaIsEstimate">True while not queued.</param>
/// <param name="CalldataHash">The calls' hash.</param>
/// <param name="ForkBlockHash">The fork block's hash.</param>
/// <param name="ForkBlockTime">Its timestamp.</param>
/// <param name="Calls">The calls, decoded.</param>
/// <param name="Changes">The parameter changes.</param>
public sealed record ImpactSubject(string ChainName, string Kind, string Title, string? ProposalId, string? ProposalState, DateTimeOffset? Eta, bool EtaIsEstimate,
    string CalldataHash, string ForkBlockHash, DateTimeOffset ForkBlockTime, IReadOnlyList<ReportCall> Calls, IReadOnlyList<ParameterChange> Changes);

/// <summary>Turns a <see cref="SimulationResult"/> into an <see cref="ImpactReport"/>: per portfolio, what moved and by how much.</summary>
public static class ImpactReportBuilder
{
    // Figures that differ by less than this, relatively, have not moved: the same state read twice gives the same
    // doubles, so anything above float noise is the change's.
    private const double Unchanged = 1e-12;

    /// <summary>Builds the report; affected portfolios first, the lowest health factor after first among them.</summary>
    public static ImpactReport Build(ImpactSubject subject, SimulationResult result, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(result);
        var revert = result.Reverted is { } r ? $"call {r.Index} to {r.Target} reverts: {r.Error}" : null;
        var portfolios = result.Portfolios.Select(p => Portfolio(p, revert is not null))
            .OrderByDescending(p => p.Affected).ThenBy(p => p.HealthAfter ?? double.MaxValue).ThenBy(p => p.PortfolioId).ToList();
        return new ImpactReport(subject.ChainName, subject.Kind, subject.Title, subject.ProposalId, subject.ProposalState, subject.Eta, subject.EtaIsEstimate,
            subject.CalldataHash, result.ForkBlock, subject.ForkBlockHash, subject.ForkBlockTime, result.ExecutedAt, subject.Calls, subject.Changes, revert,
            AaveAccountFormula.Covers(subject.Changes), portfolios, now);
    }

    private static PortfolioImpact Portfolio(PortfolioSimulation p, bool reverted)
    {
        var before = p.Before;
        var after = reverted ? null : p.After;
        var errors = new List<string>();
        if (before is null) errors.Add("the portfolio could not be read on the fork before the change (see the log)");
        else errors.AddRange(before.Errors);
        if (!reverted && after is null) errors.Add("the portfolio could not be read on the fork after the change (see the log)");

        var accounts = p.Accounts.Select(a =>
        {
            double? formula = a.FormulaAfter?.HealthFactor;
            double? difference = formula is { } f && a.HealthAfter is { } s && double.IsFinite(s) && s != 0 ? Math.Abs(f - s) / s : null;
            return new AccountImpact(a.PositionId, a.HealthBefore, reverted ? null : a.HealthAfter, reverted ? null : formula, reverted ? null : difference,
                a.BorrowingPowerBefore, reverted ? null : a.BorrowingPowerAfter);
        }).ToList();

        var liquidations = LiquidationShifts(before, after);
        var margins = MarginShifts(before, after);
        var newly = new List<string>();
        foreach (var a in accounts)
        {
            if (a.HealthBefore is >= 1 && a.HealthAfter is < 1) newly.Add(a.PositionId);
        }
        double? borrowBefore = Sum(accounts.Select(a => a.BorrowingPowerBeforeUsd));
        double? borrowAfter = after is null ? null : Sum(accounts.Select(a => a.BorrowingPowerAfterUsd));
        double? formulaMin = accounts.Where(a => a.HealthFormula is not null).Select(a => a.HealthFormula!.Value).DefaultIfEmpty(double.NaN).Min() is var m && !double.IsNaN(m) ? m : null;

        bool affected = after is not null && before is not null && (
            Moved(before.MinHealthFactor, after.MinHealthFactor)
            || accounts.Any(a => Moved(a.HealthBefore, a.HealthAfter) || Moved(a.BorrowingPowerBeforeUsd, a.BorrowingPowerAfterUsd))
            || liquidations.Any(l => Moved(l.PriceBeforeUsd, l.PriceAfterUsd))
            || margins.Any(x => Moved(x.Before, x.After) || Moved(x.MaintenanceBefore, x.MaintenanceAfter))
            || Moved(before.NetUsdDelta, after.NetUsdDelta) || Moved(before.NetDollarGamma, after.NetDollarGamma)
            || Moved(before.ValueUsd, after.ValueUsd));

        return new PortfolioImpact(p.Portfolio.Id, p.Portfolio.Name, affected, before?.MinHealthFactor, after?.MinHealthFactor, formulaMin, newly,
            borrowBefore, borrowAfter, before?.ValueUsd, after?.ValueUsd,
            before is null ? null : NetGreeks.Of(before), after is null ? null : NetGreeks.Of(after),
            before?.Stress?.Worst, after?.Stress?.Worst, accounts, liquidations, margins, Payoffs(before, after), errors);
    }

    private static List<LiquidationShift> LiquidationShifts(ExposureSnapshot? before, ExposureSnapshot? after)
    {
        var keys = (before?.Liquidations ?? []).Concat(after?.Liquidations ?? []).Select(l => (l.PositionId, l.Underlying)).Distinct().ToList();
        return keys.Select(k =>
        {
            var b = before?.Liquidations.FirstOrDefault(l => l.PositionId == k.PositionId && l.Underlying == k.Underlying);
            var a = after?.Liquidations.FirstOrDefault(l => l.PositionId == k.PositionId && l.Underlying == k.Underlying);
            return new LiquidationShift(k.PositionId, k.Underlying, (b ?? a)?.CurrentPriceUsd, b?.PriceUsd, a?.PriceUsd, (a ?? b)!.Direction);
        }).ToList();
    }

    private static List<MarginShift> MarginShifts(ExposureSnapshot? before, ExposureSnapshot? after) =>
        (before?.Positions ?? []).Where(r => r.MarginRatio is not null)
            .Select(r =>
            {
                var a = after?.Positions.FirstOrDefault(x => x.Id == r.Id);
                return new MarginShift(r.Id, r.MarginRatio, a?.MarginRatio, r.MaintenanceMarginRatio, a?.MaintenanceMarginRatio);
            }).ToList();

    private static List<PayoffShift> Payoffs(ExposureSnapshot? before, ExposureSnapshot? after) =>
        (before?.Payoffs ?? []).Select(s => new PayoffShift(s.Underlying, s.PriceUsd, s.PricesUsd, s.PnlUsd, s.Marks,
            after?.Payoffs.FirstOrDefault(x => x.Underlying == s.Underlying)?.Marks ?? [])).ToList();

    private static bool Moved(double? before, double? after)
    {
        if (before is null || after is null) return before is null != after is null;
        double b = before.Value, a = after.Value;
        if (double.IsInfinity(b) || double.IsInfinity(a)) return b != a;
        return Math.Abs(a - b) > Unchanged * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
    }

    private static double? Sum(IEnumerable<double?> values)
    {
        double? total = null;
        foreach (var v in values) if (v is { } x) total = (total ?? 0) + x;
        return total;
    }
}
