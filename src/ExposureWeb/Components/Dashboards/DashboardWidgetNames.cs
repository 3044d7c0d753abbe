using ExposureWeb.Data.Dashboards;

namespace ExposureWeb.Components.Dashboards;

/// <summary>What each widget kind is called on screen (its title when the editor gave none).</summary>
public static class DashboardWidgetNames
{
    public static string Of(WidgetKind kind) => kind switch
    {
        WidgetKind.SummaryCards => "Summary",
        WidgetKind.ExposureTable => "Exposure by underlying",
        WidgetKind.DeltaByAsset => "Delta by asset",
        WidgetKind.Positions => "Positions",
        WidgetKind.LiquidationRisk => "Liquidation risk",
        WidgetKind.Payoff => "Payoff",
        WidgetKind.StressHeatmap => "Stress heatmap",
        WidgetKind.GreeksHistory => "Greeks history",
        WidgetKind.Alerts => "Alerts",
        WidgetKind.StrategyStatus => "Strategies",
        WidgetKind.GovernanceReports => "Governance changes",
        _ => kind.ToString(),
    };
}
