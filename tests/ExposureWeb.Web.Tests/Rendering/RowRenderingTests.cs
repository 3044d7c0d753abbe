using Bunit;
using ExposureWeb.Components.Exposure;
using ExposureWeb.Components.Exposure.Rows;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Web.Tests.Charts;
using Microsoft.Extensions.Time.Testing;

namespace ExposureWeb.Web.Tests.Rendering;

/// <summary>
/// Tables render only what changed: keyed row components skip when their data equals what they last showed, and the
/// oracle ages tick in their own cells on the table's clock, in one render batch, without the rows.
/// </summary>
public sealed class RowRenderingTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(TestSnapshots.BlockTime.AddSeconds(5));
    private readonly BunitContext _context;

    public RowRenderingTests() => _context = MudBunit.Context(_time);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _context.DisposeAsync().AsTask();

    /// <summary>The snapshot as the next message brings it: every row a new object, equal by value.</summary>
    private static ExposureSnapshot Copied(ExposureSnapshot s, Func<AssetExposureRow, AssetExposureRow>? change = null) =>
        s with { Assets = [.. s.Assets.Select(a => change?.Invoke(a) ?? a with { })] };

    private static Dictionary<string, int> RowRenders(IRenderedComponent<ExposureTable> table) =>
        table.FindComponents<ExposureTableRow>().ToDictionary(r => r.Instance.Row.Underlying, r => r.RenderCount);

    private static List<int> NoteRenders(IRenderedComponent<ExposureTable> table) =>
        [.. table.FindComponents<PartialNote>().Select(n => n.RenderCount)];

    [Fact]
    public void ExposureTable_NextSnapshotWithOnePriceMoved_OnlyThatRowRenders()
    {
        var first = TestSnapshots.Small();
        var table = _context.Render<ExposureTable>(p => p.Add(t => t.Snapshot, first));
        var before = RowRenders(table);

        table.Render(p => p.Add(t => t.Snapshot, Copied(first, a => a.Underlying == "ETH" ? a with { PriceUsd = 2_100, UsdDelta = 6_300 } : a with { })));

        var after = RowRenders(table);
        Assert.Equal(before["ETH"] + 1, after["ETH"]);
        Assert.Equal(before["BTC"], after["BTC"]);
        Assert.Equal(before["USDC"], after["USDC"]);
        Assert.Equal("$2,100.00", table.Find("[data-testid=price-ETH]").TextContent.Trim());
    }

    [Fact]
    public void ExposureTable_NewBlock_EveryRowRendersItsBlock()
    {
        var first = TestSnapshots.Small(block: 7);
        var table = _context.Render<ExposureTable>(p => p.Add(t => t.Snapshot, first));
        var before = RowRenders(table);

        table.Render(p => p.Add(t => t.Snapshot, Copied(first) with { BlockNumber = 8 }));

        Assert.All(RowRenders(table), r => Assert.Equal(before[r.Key] + 1, r.Value));
        Assert.All(table.FindAll("[data-testid^=exposure-row-]"), tr => Assert.Equal("#8", tr.Children[8].TextContent.Trim()));
    }

    [Fact]
    public void ExposureTable_ClockTicks_OnlyTheAgeCellsRender()
    {
        var table = _context.Render<ExposureTable>(p => p.Add(t => t.Snapshot, TestSnapshots.Small()));
        Assert.Equal("5 s", table.Find("[data-testid=oracle-age-ETH]").TextContent.Trim());
        // bUnit counts a component's render when anything inside it rendered; the rows' other cells (their partial notes)
        // render only when the row itself does.
        var rows = NoteRenders(table);
        var cellRenders = table.FindComponents<OracleCells>().Select(c => c.RenderCount).ToList();

        _time.Advance(LiveClock.TickInterval);

        table.WaitForAssertion(() => Assert.Equal("6 s", table.Find("[data-testid=oracle-age-ETH]").TextContent.Trim()));
        Assert.Equal("6 s", table.Find("[data-testid=oracle-age-BTC]").TextContent.Trim());
        Assert.Equal(rows, NoteRenders(table));
        // Each age cell rendered once, from the clock's one render (a single batch: one message to the browser).
        Assert.Equal(cellRenders.Select(n => n + 1), table.FindComponents<OracleCells>().Select(c => c.RenderCount));
    }

    [Fact]
    public void ExposureTable_FeedAgesPastItsHeartbeat_StaleWithoutANewSnapshot()
    {
        var table = _context.Render<ExposureTable>(p => p.Add(t => t.Snapshot, TestSnapshots.Small()));
        Assert.Empty(table.FindAll("[data-testid=stale-ETH]"));

        // The test feeds' answers turn stale an hour after their block (StaleAfter).
        _time.Advance(TimeSpan.FromHours(1));

        table.WaitForAssertion(() => Assert.NotNull(table.Find("[data-testid=stale-ETH]")));
        Assert.Equal("60 min", table.Find("[data-testid=oracle-age-ETH]").TextContent.Trim());
    }

    [Fact]
    public void ExposureTable_Frozen_AgesStandStill()
    {
        var table = _context.Render<ExposureTable>(p => p
            .Add(t => t.Snapshot, TestSnapshots.Small())
            .Add(t => t.FrozenAt, TestSnapshots.BlockTime.AddSeconds(42)));
        var clockRenders = table.FindComponent<LiveClock>().RenderCount;

        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal("42 s", table.Find("[data-testid=oracle-age-ETH]").TextContent.Trim());
        Assert.Equal(clockRenders, table.FindComponent<LiveClock>().RenderCount);
    }

    private static PositionRow Position(string id, double value, params string[] markers) =>
        new(id, "aave-v3", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", $"account {id}", "ETH/USDC", null)
        {
            ValueUsd = value,
            Markers = [.. markers],
            Amounts = [new(PositionAmount.Supplied, "WETH", 10), new(PositionAmount.Borrowed, "USDC", 18_000)],
        };

    [Fact]
    public void PositionsTable_RowsInNewListsWithEqualItems_OnlyTheChangedRowRenders()
    {
        var table = _context.Render<PositionsTable>(p => p.Add(t => t.Positions, [Position("a", 1, "in-range"), Position("b", 2), Position("c", 3)]));
        var before = table.FindComponents<PositionTableRow>().ToDictionary(r => r.Instance.Row.Id, r => r.RenderCount);

        // A message deserialised anew: new lists of markers and amounts everywhere; b's supplied amount grew.
        table.Render(p => p.Add(t => t.Positions, [
            Position("a", 1, "in-range"),
            Position("b", 2) with { Amounts = [new(PositionAmount.Supplied, "WETH", 10.5), new(PositionAmount.Borrowed, "USDC", 18_000)] },
            Position("c", 3),
        ]));

        var after = table.FindComponents<PositionTableRow>().ToDictionary(r => r.Instance.Row.Id, r => r.RenderCount);
        Assert.Equal(before["a"], after["a"]);
        Assert.Equal(before["b"] + 1, after["b"]);
        Assert.Equal(before["c"], after["c"]);
        Assert.Contains("10.5 WETH", table.FindAll("[data-testid=position-amounts]")[1].TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void PositionRowValue_SameFiguresInNewLists_EqualUnlessAMarkerDiffers(bool markerDiffers, bool expectChanged)
    {
        var a = Position("a", 1, "in-range");
        var b = Position("a", 1, markerDiffers ? "out-of-range" : "in-range");

        Assert.Equal(expectChanged, new PositionRowValue(a) != new PositionRowValue(b));
        Assert.NotEqual(a, b); // the record alone compares the lists by reference
    }

    [Fact]
    public void RowKeys_SameKeyTwice_SecondOneNumbered()
    {
        var keys = RowKeys.Of(["x", "y", "x", "x"], s => s).Select(k => k.Key).ToList();

        Assert.Equal(["x", "y", "x#2", "x#3"], keys);
    }

    private static ExposureSnapshot WithLiquidations(int count) => TestSnapshots.Small() with
    {
        Liquidations = [.. Enumerable.Range(0, count).Select(i => new LiquidationRow($"p{i}", "ETH", 1_000 + i, 2_000, "falls below", 1.5))],
    };

    [Fact]
    public void LiquidationPanel_ManyRows_VirtualisedInAScrollBox()
    {
        var panel = _context.Render<LiquidationPanel>(p => p.Add(x => x.Snapshot, WithLiquidations(100)));

        Assert.Equal("true", panel.Find("[data-testid=liquidation-rows]").GetAttribute("data-virtualized"));
        Assert.Contains("overflow-y:auto", panel.Find("[data-testid=liquidation-rows]").GetAttribute("style"), StringComparison.Ordinal);
        // Virtualize's spacers stand for the rows out of sight (the browser's measurements decide how many are rendered).
        var body = panel.Find("[data-testid=liquidation-table] tbody");
        Assert.Equal(2, body.Children.Count(tr => tr.GetAttribute("data-testid") is null));
    }

    [Fact]
    public void LiquidationPanel_FewRows_AllRenderedNearestFirst()
    {
        var panel = _context.Render<LiquidationPanel>(p => p.Add(x => x.Snapshot, WithLiquidations(5)));

        Assert.Equal("false", panel.Find("[data-testid=liquidation-rows]").GetAttribute("data-virtualized"));
        var rows = panel.FindAll("[data-testid=liquidation-row]");
        Assert.Equal(5, rows.Count);
        // The nearest trigger (p4, 1,004 against 2,000) first.
        Assert.Equal("p4", rows[0].Children[0].TextContent.Trim());
    }

    [Fact]
    public void LiquidationPanel_NextSnapshotWithEqualRows_NoRowRenders()
    {
        var first = WithLiquidations(3);
        var panel = _context.Render<LiquidationPanel>(p => p.Add(x => x.Snapshot, first));
        var before = panel.FindComponents<LiquidationTableRow>().Select(r => r.RenderCount).ToList();

        panel.Render(p => p.Add(x => x.Snapshot, first with { BlockNumber = first.BlockNumber + 1, Liquidations = [.. first.Liquidations.Select(l => l with { })] }));

        Assert.Equal(before, panel.FindComponents<LiquidationTableRow>().Select(r => r.RenderCount).ToList());
    }
}
