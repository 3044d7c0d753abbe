using ExposureWeb.Data.Dashboards;

namespace ExposureWeb.Engine.Tests.Dashboards;

public sealed class GridPlacementTests
{
    private static DashboardWidget W(string id, int x, int y, int w, int h) => new(id, WidgetKind.SummaryCards, x, y, w, h);

    [Fact]
    public void Place_OntoAnotherWidget_OtherPushedBelowAndNothingOverlaps()
    {
        var layout = new[] { W("a", 0, 0, 6, 2), W("b", 6, 0, 6, 2), W("c", 0, 2, 12, 3) };

        var placed = GridPlacement.Place(layout, "c", 3, 1, 6, 2);

        Assert.Equal(W("c", 3, 1, 6, 2), placed.Single(w => w.Id == "c"));
        Assert.Equal(3, placed.Single(w => w.Id == "a").Y);
        Assert.Equal(3, placed.Single(w => w.Id == "b").Y);
        Assert.Empty(DashboardLayoutValidator.Validate(new DashboardLayout(placed, new DashboardVariables(null, null))));
    }

    [Fact]
    public void Place_IntoFreeSpace_NoOtherWidgetMoves()
    {
        var layout = new[] { W("a", 0, 0, 6, 2), W("b", 6, 0, 6, 2), W("c", 0, 2, 6, 3) };

        var placed = GridPlacement.Place(layout, "c", 6, 2, 6, 3);

        Assert.Equal(layout[0], placed[0]);
        Assert.Equal(layout[1], placed[1]);
        Assert.Equal(W("c", 6, 2, 6, 3), placed[2]);
    }

    [Fact]
    public void Place_BeyondTheGrid_ClampedToTwelveColumns()
    {
        var placed = GridPlacement.Place([W("a", 0, 0, 4, 2)], "a", 11, -3, 20, 40);

        Assert.Equal(W("a", 0, 0, 12, DashboardLayout.MaxRows), placed.Single());
    }

    [Fact]
    public void Place_ChainOfCollisions_EachPushedJustBelowTheOneAbove()
    {
        var layout = new[] { W("a", 0, 0, 12, 2), W("b", 0, 2, 12, 2), W("c", 0, 4, 12, 2) };

        var placed = GridPlacement.Place(layout, "c", 0, 0, 12, 3);

        Assert.Equal([("c", 0), ("a", 3), ("b", 5)], placed.OrderBy(w => w.Y).Select(w => (w.Id, w.Y)));
    }

    [Fact]
    public void PortfolioPage_DefaultLayout_ValidAndCoversEveryPageSection()
    {
        var layout = DashboardLayout.PortfolioPage(7);

        Assert.Empty(DashboardLayoutValidator.Validate(layout));
        Assert.Equal(7, layout.Variables.PortfolioId);
        Assert.Subset(layout.Widgets.Select(w => w.Kind).ToHashSet(),
            new HashSet<WidgetKind> { WidgetKind.SummaryCards, WidgetKind.ExposureTable, WidgetKind.Payoff, WidgetKind.StressHeatmap, WidgetKind.GreeksHistory, WidgetKind.LiquidationRisk, WidgetKind.Positions });
    }

    [Theory]
    [InlineData(-1, 0, 4, 2, "fit in the 12 columns")]
    [InlineData(10, 0, 4, 2, "fit in the 12 columns")]
    [InlineData(0, 0, 0, 2, "width is 1 to 12")]
    [InlineData(0, 0, 4, 13, "height is 1 to 12")]
    [InlineData(0, -1, 4, 2, "row is 0 to")]
    public void Validate_OffTheGrid_NamesTheWidgetAndTheRule(int x, int y, int w, int h, string expected)
    {
        var errors = DashboardLayoutValidator.Validate(new DashboardLayout([W("bad", x, y, w, h)], new DashboardVariables(null, null)));

        Assert.Contains(errors, e => e.Contains("\"bad\"", StringComparison.Ordinal) && e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_OverlapDuplicateIdsUnknownKind_EachReported()
    {
        var layout = new DashboardLayout(
            [W("a", 0, 0, 6, 2), W("a", 3, 1, 6, 2), new DashboardWidget("m", (WidgetKind)99, 0, 5, 6, 2), W("Bad Id", 0, 9, 1, 1)],
            new DashboardVariables(null, "ETH;DROP"));

        var errors = DashboardLayoutValidator.Validate(layout);

        Assert.Contains(errors, e => e.Contains("two widgets are called \"a\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("overlap", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("unknown kind", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("lower-case letters", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("underlying variable", StringComparison.Ordinal));
    }

    [Fact]
    public void FromJson_UnknownMember_Refused()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => DashboardLayout.FromJson("""{"widgets":[],"variables":{"portfolioId":null,"underlying":null},"evil":1}"""));
    }
}
