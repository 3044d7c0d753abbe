using System.Text.Json;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Engine.Tests;

/// <summary>Deltas between snapshots: applying one to its base gives exactly the next snapshot, and carries only what changed.</summary>
public sealed class SnapshotDiffTests
{
    private static ExposureSnapshot Snapshot(ulong block, double ethPrice, params string[] positionIds) => new(
        7, "local", block, "0x" + block.ToString("x64", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.FromUnixTimeSeconds(1_700_000_000 + (long)block),
        DateTimeOffset.FromUnixTimeSeconds(1_700_000_001 + (long)block),
        [
            new AssetExposureRow("ETH", "spot", 10, ethPrice, 10 * ethPrice, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), 3600, null, null),
            new AssetExposureRow("USDC", "spot", 1000, 1, 1000, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), 86400, null, null),
        ],
        [])
    {
        Positions = positionIds.Select(id => new PositionRow(id, "spot", "0xabc", $"position {id}", "ETH", null) { ValueUsd = ethPrice }).ToList(),
        Liquidations = [new LiquidationRow("aave", "ETH", 1500, ethPrice, "falls below", 1.8)],
    };

    private static string Json(ExposureSnapshot s) => JsonSerializer.Serialize(s, SnapshotDiff.Json);

    private static ExposureSnapshot RoundTrip(ExposureSnapshot from, ExposureSnapshot to)
    {
        var delta = SnapshotDiff.Diff(7, SnapshotDiff.ToJson(from), SnapshotDiff.ToJson(to), 3);
        // Through the wire format, as a hub client receives it.
        var received = JsonSerializer.Deserialize<SnapshotDelta>(JsonSerializer.Serialize(delta, SnapshotDiff.Json), SnapshotDiff.Json)!;
        return SnapshotDiff.FromJson(SnapshotDiff.Apply(SnapshotDiff.ToJson(from), received));
    }

    [Theory]
    [InlineData(new[] { "a", "b", "c" }, new[] { "a", "b", "c" })]
    [InlineData(new[] { "a", "b", "c" }, new[] { "a", "c" })]
    [InlineData(new[] { "a", "b" }, new[] { "a", "b", "d" })]
    [InlineData(new[] { "a", "b", "c" }, new[] { "c", "a", "b" })]
    [InlineData(new[] { "a", "b", "c" }, new[] { "d", "b" })]
    [InlineData(new string[0], new[] { "a" })]
    [InlineData(new[] { "a" }, new string[0])]
    public void Apply_DiffOfTwoSnapshots_ReproducesTheNextExactly(string[] before, string[] after)
    {
        var from = Snapshot(1, 3000, before);
        var to = Snapshot(2, 3100.5, after);

        Assert.Equal(Json(to), Json(RoundTrip(from, to)));
    }

    [Fact]
    public void Diff_OnlyPriceMoved_CarriesTheChangedRowsNotTheUnchangedOnes()
    {
        var ids = Enumerable.Range(0, 40).Select(i => $"position-{i}").ToArray();
        var from = Snapshot(1, 3000, ids);
        var to = Snapshot(2, 3001, ids) with { Assets = [Snapshot(2, 3001).Assets[0], from.Assets[1]], Positions = from.Positions };

        var delta = SnapshotDiff.Diff(7, SnapshotDiff.ToJson(from), SnapshotDiff.ToJson(to), 1);

        Assert.False(delta.Full);
        Assert.Equal(2, delta.Sequence);
        Assert.Equal("ETH", Assert.Single(delta.Lists["assets"].Upsert)["underlying"]!.GetValue<string>());
        Assert.Empty(delta.Lists["assets"].Remove);
        Assert.Null(delta.Lists["assets"].Order);
        Assert.Contains("blockNumber", delta.Set.Keys);
        Assert.DoesNotContain("chainName", delta.Set.Keys);
        Assert.True(JsonSerializer.SerializeToUtf8Bytes(delta, SnapshotDiff.Json).Length < JsonSerializer.SerializeToUtf8Bytes(to, SnapshotDiff.Json).Length / 2);
    }

    [Fact]
    public void Diff_NoPrevious_FullDeltaAppliesToNothing()
    {
        var to = Snapshot(5, 2900, "a", "b");

        var delta = SnapshotDiff.Diff(7, null, SnapshotDiff.ToJson(to), 0);

        Assert.True(delta.Full);
        Assert.Equal(Json(to), Json(SnapshotDiff.FromJson(SnapshotDiff.Apply(null, delta))));
    }

    [Fact]
    public void Apply_ReplicaMissedADelta_ReportsGapThenStaleForOldOnes()
    {
        var s1 = Snapshot(1, 3000, "a");
        var s2 = Snapshot(2, 3010, "a");
        var s3 = Snapshot(3, 3020, "a");
        var replica = new SnapshotReplica();
        replica.Reset(new PortfolioSubscription(s1, 1));
        var d2 = SnapshotDiff.Diff(7, SnapshotDiff.ToJson(s1), SnapshotDiff.ToJson(s2), 1);
        var d3 = SnapshotDiff.Diff(7, SnapshotDiff.ToJson(s2), SnapshotDiff.ToJson(s3), 2);

        Assert.Equal(ApplyResult.Gap, replica.Apply(d3));
        Assert.Equal(ApplyResult.Applied, replica.Apply(d2));
        Assert.Equal(ApplyResult.Stale, replica.Apply(d2));
        Assert.Equal(ApplyResult.Applied, replica.Apply(d3));
        Assert.Equal(3UL, replica.Snapshot!.BlockNumber);
        Assert.Equal(3, replica.Sequence);
    }

    [Fact]
    public void Apply_DeltasWithPoints_HistoryFollowsThemThroughTheWireWithinTheCapacity()
    {
        var s1 = Snapshot(1, 3000, "a");
        var replica = new SnapshotReplica();
        replica.Reset(new PortfolioSubscription(s1, 1) { History = [GreeksPoint.From(Snapshot(0, 2990)), GreeksPoint.From(s1)], HistoryCapacity = 3 });
        var s3 = Snapshot(3, 3020, "a");
        var s3b = Snapshot(3, 3025, "a"); // block 3 again, after a reorg
        // Two blocks coalesced into one message, then the re-read height.
        var d3 = SnapshotDiff.Diff(7, SnapshotDiff.ToJson(s1), SnapshotDiff.ToJson(s3), 1) with { Points = [GreeksPoint.From(Snapshot(2, 3010, "a")), GreeksPoint.From(s3)] };
        var d3b = SnapshotDiff.Diff(7, SnapshotDiff.ToJson(s3), SnapshotDiff.ToJson(s3b), 2) with { Points = [GreeksPoint.From(s3b)] };
        var wire = (SnapshotDelta d) => JsonSerializer.Deserialize<SnapshotDelta>(JsonSerializer.Serialize(d, SnapshotDiff.Json), SnapshotDiff.Json)!;

        Assert.Equal(ApplyResult.Applied, replica.Apply(wire(d3)));
        Assert.Equal([1UL, 2UL, 3UL], replica.History.Select(p => p.BlockNumber));
        Assert.Equal(ApplyResult.Applied, replica.Apply(wire(d3b)));

        Assert.Equal([1UL, 2UL, 3UL], replica.History.Select(p => p.BlockNumber));
        Assert.Equal(GreeksPoint.From(s3b), replica.History[^1]);
    }
}
