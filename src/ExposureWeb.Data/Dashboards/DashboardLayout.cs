using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExposureWeb.Data.Dashboards;

/// <summary>What a widget shows.</summary>
public enum WidgetKind
{
    SummaryCards,
    ExposureTable,
    DeltaByAsset,
    Positions,
    LiquidationRisk,
    Payoff,
    StressHeatmap,
    GreeksHistory,
    Alerts,
    StrategyStatus,
    GovernanceReports,
}

/// <summary>
/// One widget: where it sits on the 12-column grid (rows of <see cref="DashboardLayout.RowHeightPx"/>), and what it shows.
/// A null <see cref="PortfolioId"/> or <see cref="Underlying"/> follows the dashboard's variable of that name.
/// </summary>
/// <param name="Id">Stable within the dashboard (moves and edits name it).</param>
/// <param name="Kind">What it shows.</param>
/// <param name="X">Column, 0–11.</param>
/// <param name="Y">Row, from 0.</param>
/// <param name="W">Width in columns, 1–12 (X + W ≤ 12).</param>
/// <param name="H">Height in rows, 1–12.</param>
/// <param name="Title">Shown above it; the kind's name when absent.</param>
/// <param name="PortfolioId">A fixed portfolio, or null for the dashboard's portfolio variable.</param>
/// <param name="Underlying">A fixed underlying (e.g. ETH) for the table widgets, or null for the variable (null there too: all).</param>
public sealed record DashboardWidget(
    string Id, WidgetKind Kind, int X, int Y, int W, int H, string? Title = null, int? PortfolioId = null, string? Underlying = null);

/// <summary>Defaults of the dashboard's variables, which a viewer may change for their own view (not a share link's viewer).</summary>
/// <param name="PortfolioId">The portfolio widgets without their own show.</param>
/// <param name="Underlying">The underlying table widgets filter to; null: all.</param>
public sealed record DashboardVariables(int? PortfolioId, string? Underlying);

/// <summary>A dashboard's layout: its widgets and its variables' defaults.</summary>
public sealed record DashboardLayout(IReadOnlyList<DashboardWidget> Widgets, DashboardVariables Variables)
{
    public const int Columns = 12;
    public const int MaxRows = 12;
    public const int MaxWidgets = 40;
    public const int RowHeightPx = 90;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static DashboardLayout FromJson(string json) =>
        JsonSerializer.Deserialize<DashboardLayout>(json, Json) ?? throw new JsonException("a dashboard layout was null");

    /// <summary>The widgets of today's portfolio page, in its order: what every portfolio's default dashboard starts as.</summary>
    public static DashboardLayout PortfolioPage(int portfolioId) => new(
        [
            new("summary", WidgetKind.SummaryCards, 0, 0, 12, 2),
            new("exposure", WidgetKind.ExposureTable, 0, 2, 12, 4),
            new("delta-by-asset", WidgetKind.DeltaByAsset, 0, 6, 12, 3),
            new("payoff", WidgetKind.Payoff, 0, 9, 6, 4),
            new("stress", WidgetKind.StressHeatmap, 6, 9, 6, 4),
            new("greeks-history", WidgetKind.GreeksHistory, 0, 13, 12, 4),
            new("liquidation", WidgetKind.LiquidationRisk, 0, 17, 12, 3),
            new("positions", WidgetKind.Positions, 0, 20, 12, 5),
            new("alerts", WidgetKind.Alerts, 0, 25, 6, 3),
            new("strategies", WidgetKind.StrategyStatus, 6, 25, 6, 3),
        ],
        new DashboardVariables(portfolioId, null));
}
