using ExposureWeb.Components.Governance;

namespace ExposureWeb.Web.Tests.Governance;

public sealed class ReportChartViewsTests
{
    [Fact]
    public void HealthFactor_AffectedWithAndWithoutDebt_BarsForFiniteNotesForInfinite()
    {
        var report = GovernanceTestData.Report("t",
        [
            GovernanceTestData.Portfolio(1, "Trader", 1.8875, 1.7738),
            GovernanceTestData.Portfolio(2, "Saver", double.PositiveInfinity, double.PositiveInfinity),
            GovernanceTestData.Portfolio(3, "Untouched", 3, 3, affected: false),
        ]);

        var view = HealthFactorChartView.From(report)!;

        Assert.Equal(["Trader", "Saver"], view.Portfolios);
        Assert.Equal([1.8875, null], view.Before);
        Assert.Equal([1.7738, null], view.After);
        Assert.Equal(["Saver: before ∞ (no debt)", "Saver: after ∞ (no debt)"], view.Notes);
    }

    [Fact]
    public void HealthFactor_NothingAffected_Null() =>
        Assert.Null(HealthFactorChartView.From(GovernanceTestData.Report("t", [GovernanceTestData.Portfolio(1, "A", 2, 2, affected: false)])));

    [Fact]
    public void Payoff_FirstAffectedPortfolio_CurveWithLiquidationPricesBeforeAndAfter()
    {
        var report = GovernanceTestData.Report("t", [GovernanceTestData.Portfolio(3, "Untouched", 3, 3, affected: false), GovernanceTestData.Portfolio(1, "Trader", 1.9, 1.8)]);

        var view = ReportPayoffView.From(report)!;

        Assert.Equal(("Trader", "ETH", 3_000d), (view.Portfolio, view.Underlying, view.PriceUsd));
        Assert.Equal([1_600d], view.Before);
        Assert.Equal([1_660d], view.After);
        Assert.Contains(view.Notes, n => n.StartsWith("Liquidation before: aave:0x1 if ETH falls below $1,600.00", StringComparison.Ordinal));
        Assert.Contains(view.Notes, n => n.StartsWith("Liquidation after: aave:0x1 if ETH falls below $1,660.00", StringComparison.Ordinal));
    }
}
