using Bunit;
using ExposureWeb.Components.Exposure;
using ExposureWeb.Components.Exposure.Charts;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace ExposureWeb.Web.Tests.Charts;

/// <summary>The chart components in bUnit: their text fallbacks, the page grid, and the redraw throttle on a controlled clock.</summary>
public sealed class ChartComponentTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private readonly FakeTimeProvider _time = new(TestSnapshots.BlockTime);

    public ChartComponentTests()
    {
        // Plotly's calls have nothing to draw on here; what is tested is what the components render and when.
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddSingleton<TimeProvider>(_time);
        _context.Render<MudPopoverProvider>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable.
    public Task DisposeAsync() => _context.DisposeAsync().AsTask();

    private static ExposureSnapshot WithWorst(ExposureSnapshot snapshot, double pnl) =>
        snapshot with { Stress = snapshot.Stress! with { Worst = snapshot.Stress.Worst with { PnlUsd = pnl } } };

    [Fact]
    public void StressHeatmap_Snapshot_WorstCellTextWithItsPnlAndBlockCaption()
    {
        var snapshot = TestSnapshots.Small();

        var cut = _context.Render<StressHeatmap>(p => p.Add(c => c.Snapshot, snapshot));

        var worst = cut.Find("[data-testid=stress-heatmap] [data-testid=stress-worst]");
        Assert.Equal(snapshot.Stress!.Worst.PnlUsd.ToString("R", System.Globalization.CultureInfo.InvariantCulture), worst.GetAttribute("data-pnl"));
        Assert.StartsWith("price −66%, vol +50%: −$", worst.TextContent, StringComparison.Ordinal);
        Assert.Contains("block #1,234", cut.Find("[data-testid=stress-caption]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void StressHeatmap_NoStress_SaysSoWithoutAChart()
    {
        var cut = _context.Render<StressHeatmap>(p => p.Add(c => c.Snapshot, TestSnapshots.Small() with { Stress = null }));

        Assert.NotNull(cut.Find("[data-testid=stress-empty]"));
        Assert.Empty(cut.FindAll("[data-testid=stress-worst]"));
    }

    [Fact]
    public async Task PayoffChart_BtcChosen_RedrawnAtOnceWithTheLiquidationMark()
    {
        var cut = _context.Render<PayoffChart>(p => p.Add(c => c.Snapshot, TestSnapshots.Small()));
        Assert.Equal("ETH", cut.Find("[data-testid=payoff-chart]").GetAttribute("data-underlying"));
        Assert.Empty(cut.FindAll("[data-testid=payoff-mark]"));

        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync("BTC"));

        // A reader's choice is not throttled: no time passed on the clock.
        Assert.Equal("BTC", cut.Find("[data-testid=payoff-chart]").GetAttribute("data-underlying"));
        var mark = cut.Find("[data-testid=payoff-mark]");
        Assert.Equal(10_300 / 0.196, double.Parse(mark.GetAttribute("data-price")!, System.Globalization.CultureInfo.InvariantCulture), 6);
        Assert.Contains("gmx-v2 · 0x7099…79C8 is liquidated if BTC falls below", mark.TextContent, StringComparison.Ordinal);
        Assert.Contains("P&L in USD if BTC alone moves", cut.Find("[data-testid=payoff-caption]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ChartBase_NewSnapshotWithinTheInterval_ShapedOnlyWhenTheIntervalIsOver()
    {
        var first = TestSnapshots.Small(block: 1);
        var cut = _context.Render<StressHeatmap>(p => p.Add(c => c.Snapshot, first));
        Assert.Equal(1, cut.Instance.ShapeCount);

        cut.Render(p => p.Add(c => c.Snapshot, WithWorst(TestSnapshots.Small(block: 2), -1)));
        cut.Render(p => p.Add(c => c.Snapshot, WithWorst(TestSnapshots.Small(block: 3), -2)));

        Assert.Equal(1, cut.Instance.ShapeCount);
        Assert.Equal(first.Stress!.Worst.PnlUsd.ToString("R", System.Globalization.CultureInfo.InvariantCulture), cut.Find("[data-testid=stress-worst]").GetAttribute("data-pnl"));

        _time.Advance(ChartBase<StressView>.MinRedrawInterval);

        // The newest input is drawn, once: block 2 was coalesced away.
        cut.WaitForAssertion(() => Assert.Equal("-2", cut.Find("[data-testid=stress-worst]").GetAttribute("data-pnl")));
        Assert.Equal(2, cut.Instance.ShapeCount);
    }

    [Fact]
    public void ChartBase_SameSnapshotRenderedAgain_NotReshaped()
    {
        var snapshot = TestSnapshots.Small();
        var cut = _context.Render<StressHeatmap>(p => p.Add(c => c.Snapshot, snapshot));
        _time.Advance(TimeSpan.FromSeconds(5));

        cut.Render(p => p.Add(c => c.Snapshot, snapshot));

        Assert.Equal(1, cut.Instance.ShapeCount);
    }

    /// <summary>Plotly calls that draw (the first plot, then one react per redraw), as the browser would receive them.</summary>
    private int PlotlyDraws() => _context.JSInterop.Invocations.Count(i => i.Identifier is "newPlot" or "react");

    private static IReadOnlyList<AssetExposureRow> WithEthDelta(IReadOnlyList<AssetExposureRow> rows, double usdDelta) =>
        [.. rows.Select(r => r.Underlying == "ETH" ? r with { UsdDelta = usdDelta } : r)];

    [Fact]
    public void DeltaByAssetChart_SameViewRenderedAgain_NotRedrawn()
    {
        var rows = TestSnapshots.Small().Assets;
        var cut = _context.Render<DeltaByAssetChart>(p => p.Add(c => c.Rows, rows));
        var drawn = PlotlyDraws();
        Assert.Equal(1, drawn);

        // The page's clock renders it every second with the same rows; a new block can bring equal deltas in new rows.
        _time.Advance(TimeSpan.FromSeconds(1));
        cut.Render(p => p.Add(c => c.Rows, rows));
        _time.Advance(TimeSpan.FromSeconds(1));
        cut.Render(p => p.Add(c => c.Rows, [.. rows.Select(r => r with { })]));

        Assert.Equal(drawn, PlotlyDraws());
        Assert.Equal(2, cut.Instance.ShapeCount);
    }

    [Fact]
    public void DeltaByAssetChart_DeltaChanged_RedrawnOnce()
    {
        var rows = TestSnapshots.Small().Assets;
        var cut = _context.Render<DeltaByAssetChart>(p => p.Add(c => c.Rows, rows));
        var drawn = PlotlyDraws();
        _time.Advance(ChartBase<DeltaByAssetView>.MinRedrawInterval);

        cut.Render(p => p.Add(c => c.Rows, WithEthDelta(rows, 6_543.21)));

        cut.WaitForAssertion(() => Assert.Equal(drawn + 1, PlotlyDraws()));
        Assert.Equal("3", cut.Find("[data-testid=delta-chart]").GetAttribute("data-bars"));
    }

    [Fact]
    public void GreeksHistoryChart_Points_CountAndUnitsInCaption()
    {
        var points = new[] { new GreeksPoint(7, TestSnapshots.BlockTime, 1, 2, 3, 4, 5), new GreeksPoint(8, TestSnapshots.BlockTime.AddSeconds(2), 1, 2, 3, 4, 5) };

        var cut = _context.Render<GreeksHistoryChart>(p => p.Add(c => c.Points, points).Add(c => c.Capacity, 720));

        Assert.Equal("2", cut.Find("[data-testid=greeks-history-chart]").GetAttribute("data-points"));
        Assert.Contains("from block #7", cut.Find("[data-testid=greeks-history-caption]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void PortfolioCharts_Snapshot_ThreeChartsFullWidthOnPhonesHalfFromMd()
    {
        var cut = _context.Render<PortfolioCharts>(p => p
            .Add(c => c.Snapshot, TestSnapshots.Small())
            .Add(c => c.History, [GreeksPoint.From(TestSnapshots.Small())])
            .Add(c => c.HistoryCapacity, 720));

        foreach (var id in new[] { "payoff-chart", "stress-heatmap", "greeks-history-chart" })
        {
            var item = cut.Find($"[data-testid={id}]").Closest(".mud-grid-item")!;
            Assert.Contains("mud-grid-item-xs-12", item.ClassName, StringComparison.Ordinal);
        }
        Assert.Contains("mud-grid-item-md-6", cut.Find("[data-testid=stress-heatmap]").Closest(".mud-grid-item")!.ClassName, StringComparison.Ordinal);
    }
}
