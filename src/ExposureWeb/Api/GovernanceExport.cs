using System.Globalization;
using System.Text;
using ExposureWeb.Engine.Governance;

namespace ExposureWeb.Api;

/// <summary>
/// A governance impact report as Markdown (the page renders the same text with Markdig) and as CSV (one row per lending
/// account, or per portfolio without one). Units in the headers; times in UTC; health factors as the protocol gives them.
/// </summary>
public static class GovernanceExport
{
    /// <summary>Content type of the Markdown export.</summary>
    public const string MarkdownContentType = "text/markdown; charset=utf-8";

    /// <summary>The report as Markdown.</summary>
    public static string Markdown(ReportView view, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(view);
        var r = view.Report;
        var md = new StringBuilder();
        md.Append("# ").AppendLine(Cell(r.Title)).AppendLine();
        md.AppendLine(r.Kind == ImpactReportKinds.WhatIf
            ? $"What-if on chain **{Cell(r.ChainName)}** (report {view.Id})."
            : $"Proposal **{Cell(ShortId(r.ProposalId))}** on chain **{Cell(r.ChainName)}**, state **{r.ProposalState}** (report {view.Id}).");
        md.AppendLine();
        if (r.Eta is { } eta)
        {
            var left = r.TimeLeft(now) is { } t && t > TimeSpan.Zero ? $"{Duration(t)} left" : "executable now";
            md.AppendLine($"- ETA: {Time(eta)}{(r.EtaIsEstimate ? " (estimate: vote end + timelock delay)" : "")}, {left}");
        }
        md.AppendLine($"- Simulated on a fork of block {r.ForkBlock} ({Time(r.ForkBlockTime)}, hash `{r.ForkBlockHash}`), executed as the timelock at {Time(r.ExecutedAt)}");
        md.AppendLine($"- Calldata hash `{r.CalldataHash}`");
        md.AppendLine($"- Formula-based estimate {(r.FormulaCovers ? "covers every change and must agree with the simulation" : "does not cover every change (the simulation is the reference)")}");
        if (r.Revert is not null) md.AppendLine().AppendLine($"> **The calls revert on the fork**: {Cell(r.Revert)}. Nothing would change if it executed now.");
        md.AppendLine();

        if (view.SinceLastRun.Count > 0 || view.PreviousReportId is not null)
        {
            md.AppendLine("## Since the last run").AppendLine();
            if (view.SinceLastRun.Count == 0) md.AppendLine("Nothing changed.");
            foreach (var line in view.SinceLastRun) md.Append("- ").AppendLine(Cell(line));
            md.AppendLine();
        }

        md.AppendLine("## Calls").AppendLine();
        md.AppendLine("| # | Target | Function | Arguments |").AppendLine("|---|---|---|---|");
        foreach (var c in r.Calls)
        {
            var function = c.Unrecognised is null ? $"`{Cell(c.Signature)}`" : $"**unrecognised call** (selector `{c.Selector}`): {Cell(c.Unrecognised)}";
            var arguments = c.Unrecognised is null ? Cell(string.Join("; ", c.Arguments)) : $"raw data `{c.RawData}`";
            md.AppendLine($"| {c.Index} | {Cell(c.TargetName ?? c.Target)} `{c.Target}` | {function} | {arguments} |");
        }
        md.AppendLine();

        md.AppendLine("## Parameter changes").AppendLine();
        if (r.Changes.Count == 0) md.AppendLine("None recognised.");
        else
        {
            md.AppendLine("| Subject | Parameter | Before | After | Unit |").AppendLine("|---|---|---|---|---|");
            foreach (var c in r.Changes) md.AppendLine($"| {Cell(c.SubjectLabel ?? c.Subject)} | {c.Parameter} | {Cell(c.Before ?? "—")} | {Cell(c.After ?? "—")} | {Cell(c.Unit)} |");
        }
        md.AppendLine();

        md.AppendLine("## Portfolios").AppendLine();
        if (r.Portfolios.Count == 0) md.AppendLine("None of your portfolios is on this chain.");
        else
        {
            md.AppendLine("| Portfolio | Affected | HF before | HF after | HF by formula | Borrowing power before (USD) | after (USD) | Newly liquidatable | Worst stress cell before (USD) | after (USD) |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
            foreach (var p in r.Portfolios)
            {
                md.AppendLine($"| {Cell(p.PortfolioName)} | {(p.Affected ? "**yes**" : "no")} | {Hf(p.HealthBefore)} | {Hf(p.HealthAfter)} | {Hf(p.HealthFormula)} | " +
                    $"{Usd(p.BorrowingPowerBeforeUsd)} | {Usd(p.BorrowingPowerAfterUsd)} | {(p.NewlyLiquidatable.Count == 0 ? "none" : Cell(string.Join(", ", p.NewlyLiquidatable)))} | " +
                    $"{Usd(p.WorstStressBefore?.PnlUsd)} | {Usd(p.WorstStressAfter?.PnlUsd)} |");
            }
            md.AppendLine();
            var shifts = r.Portfolios.SelectMany(p => p.Liquidations.Select(l => (p.PortfolioName, l))).ToList();
            if (shifts.Count > 0)
            {
                md.AppendLine("## Liquidation prices").AppendLine();
                md.AppendLine("| Portfolio | Position | Underlying | Price now (USD) | Liquidation before (USD) | after (USD) |").AppendLine("|---|---|---|---|---|---|");
                foreach (var (name, l) in shifts)
                {
                    md.AppendLine($"| {Cell(name)} | `{Cell(l.PositionId)}` | {Cell(l.Underlying)} | {Usd(l.CurrentPriceUsd)} | {Usd(l.PriceBeforeUsd)} | {Usd(l.PriceAfterUsd)} |");
                }
                md.AppendLine();
            }
            md.AppendLine("## Greeks (USD)").AppendLine();
            md.AppendLine("| Portfolio | Δ before | Δ after | Γ per 1% before | after | Vega per vol point before | after | Θ per day before | after |").AppendLine("|---|---|---|---|---|---|---|---|---|");
            foreach (var p in r.Portfolios)
            {
                md.AppendLine($"| {Cell(p.PortfolioName)} | {Usd(p.GreeksBefore?.UsdDelta)} | {Usd(p.GreeksAfter?.UsdDelta)} | {Usd(p.GreeksBefore?.DollarGammaPerPercent)} | {Usd(p.GreeksAfter?.DollarGammaPerPercent)} | " +
                    $"{Usd(p.GreeksBefore?.VegaPerVolPoint)} | {Usd(p.GreeksAfter?.VegaPerVolPoint)} | {Usd(p.GreeksBefore?.ThetaPerDay)} | {Usd(p.GreeksAfter?.ThetaPerDay)} |");
            }
        }
        return md.ToString();
    }

    /// <summary>The report as CSV: one row per lending account (health factors, borrowing power), or per portfolio without one.</summary>
    public static string Csv(ReportView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var r = view.Report;
        var csv = new StringBuilder();
        Row(csv, ["report_id", "chain", "kind", "proposal_id", "state", "eta_utc", "eta_is_estimate", "fork_block", "executed_at_utc", "calldata_hash",
            "portfolio_id", "portfolio", "affected", "position_id", "health_factor_before", "health_factor_after", "health_factor_formula", "formula_relative_difference",
            "borrowing_power_before_usd", "borrowing_power_after_usd", "newly_liquidatable", "reverts"]);
        foreach (var p in r.Portfolios)
        {
            var accounts = p.Accounts.Count > 0 ? p.Accounts : [new AccountImpact("", p.HealthBefore, p.HealthAfter, p.HealthFormula, null, p.BorrowingPowerBeforeUsd, p.BorrowingPowerAfterUsd)];
            foreach (var a in accounts)
            {
                Row(csv, [view.Id.ToString(CultureInfo.InvariantCulture), r.ChainName, r.Kind, r.ProposalId, r.ProposalState, CsvTime(r.Eta), r.EtaIsEstimate ? "true" : "false",
                    r.ForkBlock.ToString(CultureInfo.InvariantCulture), CsvTime(r.ExecutedAt), r.CalldataHash,
                    p.PortfolioId.ToString(CultureInfo.InvariantCulture), p.PortfolioName, p.Affected ? "true" : "false", a.PositionId,
                    Number(a.HealthBefore), Number(a.HealthAfter), Number(a.HealthFormula), Number(a.FormulaRelativeDifference),
                    Number(a.BorrowingPowerBeforeUsd), Number(a.BorrowingPowerAfterUsd),
                    a.PositionId.Length > 0 ? (p.NewlyLiquidatable.Contains(a.PositionId) ? "true" : "false") : (p.NewlyLiquidatable.Count > 0 ? "true" : "false"),
                    r.Revert]);
            }
        }
        return csv.ToString();
    }

    private static void Row(StringBuilder csv, IReadOnlyList<string?> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) csv.Append(',');
            csv.Append(ExposureCsv.Escape(cells[i]));
        }
        csv.Append("\r\n");
    }

    // A health factor without debt is +∞ (Aave's uint256 max): written as "inf" in the CSV, ∞ in the Markdown.
    private static string? Number(double? value) => value switch
    {
        null => null,
        { } v when double.IsPositiveInfinity(v) => "inf",
        { } v when double.IsFinite(v) => v.ToString("R", CultureInfo.InvariantCulture),
        _ => null,
    };

    private static string Hf(double? hf) => hf switch
    {
        null => "—",
        { } v when double.IsPositiveInfinity(v) => "∞ (no debt)",
        { } v => v.ToString("0.0000", CultureInfo.InvariantCulture),
    };

    private static string Usd(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("#,##0.00", CultureInfo.InvariantCulture) : "—";

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string? CsvTime(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan t) => t.TotalDays >= 1 ? $"{(int)t.TotalDays} d {t.Hours} h" : t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes} min" : $"{(int)t.TotalMinutes} min {t.Seconds} s";

    private static string ShortId(string? id) => id is null ? "" : id.Length > 16 ? id[..8] + "…" + id[^6..] : id;

    // Table cells: a pipe or a line break would break the table; HTML is not interpreted by the page (Markdig with HTML off).
    private static string Cell(string? text) => (text ?? "").Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
