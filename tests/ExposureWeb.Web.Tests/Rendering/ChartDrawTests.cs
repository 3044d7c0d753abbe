using Bunit;
using ExposureWeb.Components.Exposure;
using ExposureWeb.Components.Exposure.Charts;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Web.Tests.Charts;
using Microsoft.Extensions.Time.Testing;

namespace ExposureWeb.Web.Tests.Rendering;

/// <summary>
/// Charts talk to Plotly only when their view changed, by the smallest call that brings the plot there (new points
/// appended to the Greeks history), and never with a second draw while one is still running in the browser.
/// </summary>
public sealed class ChartDrawTests : IAsyncLifetime
{
    private const string PlotlyModule = "./_content/Plotly.Blazor/plotly-interop-7.2.0.js";

    private readonly FakeTimeProvider _time = new(TestSnapshots.BlockTime);
    private readonly BunitContext _context;
    private readonly BunitJSInterop _plotly;
    private readonly BunitJSInterop _extend;

    public ChartDrawTests()
    {
        _context = MudBunit.Context(_time);
        _plotly = _context.JSInterop.SetupModule(PlotlyModule);
        _extend = _context.JSInterop.SetupModule(GreeksHistoryChart.ExtendModule);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _context.DisposeAsync().AsTask();

    // The root records the modules' calls too.
    private int Calls(string identifier) => _context.JSInterop.Invocations.Count(i => i.Identifier == identifier);

    private static GreeksPoint Point(ulong block, double delta = 100) =>
        new(block, TestSnapshots.BlockTime.AddSeconds(2 * (double)block), delta, 2, 3, 4, 5);

    private IRenderedComponent<GreeksHistoryChart> History(params GreeksPoint[] points) =>
        _context.Render<GreeksHistoryChart>(p => p.Add(c => c.Points, points).Add(c => c.Capacity, 720));

    private void Next(IRenderedComponent<GreeksHistoryChart> chart, params GreeksPoint[] points)
    {
        _time.Advance(ChartBase<GreeksHistoryView>.MinRedrawInterval);
        chart.Render(p => p.Add(c => c.Points, points).Add(c => c.Capacity, 720));
    }

    [Fact]
    public void GreeksHistoryChart_NextBlock_ItsPointAppendedWithoutARedraw()
    {
        _extend.Setup<bool>("extendTraces", _ => true).SetResult(true);
        var chart = History(Point(7), Point(8));
        Assert.Equal(1, Calls("newPlot"));

        Next(chart, Point(7), Point(8), Point(9, delta: 150));

        chart.WaitForAssertion(() => Assert.Single(_extend.Invocations, i => i.Identifier == "extendTraces"));
        var args = _extend.Invocations.Single(i => i.Identifier == "extendTraces").Arguments;
        Assert.Equal(8UL, args[1]); // the last block the plot holds
        Assert.Equal([9UL], (ulong[])args[3]!); // only the new block's point is sent
        var ys = (double[][])args[4]!;
        Assert.Equal(4, ys.Length);
        Assert.Equal([150.0], ys[0]);
        Assert.Equal(3, args[5]); // the plot keeps as many points as the view has
        Assert.Equal(0, Calls("react"));
        Assert.Equal("3", chart.Find("[data-testid=greeks-history-chart]").GetAttribute("data-points"));
    }

    [Fact]
    public void GreeksHistoryChart_AnEarlierPointChanged_RedrawnWhole()
    {
        _extend.Setup<bool>("extendTraces", _ => true).SetResult(true);
        var chart = History(Point(7), Point(8));

        // Block 8 read again after a reorg: appending 9 would leave the old 8 on screen.
        Next(chart, Point(7), Point(8, delta: -5), Point(9));

        chart.WaitForAssertion(() => Assert.Equal(1, Calls("react")));
        Assert.Empty(_extend.Invocations);
    }

    [Fact]
    public void GreeksHistoryChart_PlotNotHoldingWhatWasDrawn_RedrawnWhole()
    {
        // The module answers false: the browser's plot is not the one the server believes it drew.
        _extend.Setup<bool>("extendTraces", _ => true).SetResult(false);
        var chart = History(Point(7), Point(8));

        Next(chart, Point(7), Point(8), Point(9));

        chart.WaitForAssertion(() => Assert.Equal(1, Calls("react")));
        Assert.Single(_extend.Invocations);
    }

    [Fact]
    public void GreeksHistoryChart_AppendNotAnsweredInTime_NextDrawIsWhole()
    {
        // A throttled tab that does not answer within the JS interop timeout: what the plot holds is unknown.
        _extend.Setup<bool>("extendTraces", _ => true).SetCanceled();
        var chart = History(Point(7), Point(8));
        Next(chart, Point(7), Point(8), Point(9));
        chart.WaitForAssertion(() => Assert.Single(_extend.Invocations));

        Next(chart, Point(7), Point(8), Point(9), Point(10));

        chart.WaitForAssertion(() => Assert.Equal(1, Calls("react")));
        Assert.Single(_extend.Invocations);
    }

    private static IReadOnlyList<AssetExposureRow> WithEthDelta(IReadOnlyList<AssetExposureRow> rows, double usdDelta) =>
        [.. rows.Select(r => r.Underlying == "ETH" ? r with { UsdDelta = usdDelta } : r with { })];

    [Fact]
    public void ChartBase_DrawStillRunningInTheBrowser_TheNewestViewDrawnOnceItAnswers()
    {
        var react = _plotly.SetupVoid("react", _ => true);
        var rows = TestSnapshots.Small().Assets;
        var chart = _context.Render<DeltaByAssetChart>(p => p.Add(c => c.Rows, rows));

        foreach (var delta in new[] { 1_000.0, 2_000, 3_000 })
        {
            _time.Advance(ChartBase<DeltaByAssetView>.MinRedrawInterval);
            chart.Render(p => p.Add(c => c.Rows, WithEthDelta(rows, delta)));
        }
        // The first redraw is still running: the two views after it wait, and only the newest of them will be drawn.
        Assert.Equal(1, Calls("react"));
        Assert.Equal(4, chart.Instance.ShapeCount);

        react.SetVoidResult();

        chart.WaitForAssertion(() => Assert.Equal(2, Calls("react")));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, Calls("react"));
    }

    [Fact]
    public void ChartBase_ParentRendersWithTheSameInput_ChartNeitherRendersNorDraws()
    {
        var rows = TestSnapshots.Small().Assets;
        var chart = _context.Render<DeltaByAssetChart>(p => p.Add(c => c.Rows, rows));
        var renders = chart.RenderCount;

        for (int i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            chart.Render(p => p.Add(c => c.Rows, rows));
        }

        Assert.Equal(renders, chart.RenderCount);
        Assert.Equal(0, Calls("react"));
    }
}
