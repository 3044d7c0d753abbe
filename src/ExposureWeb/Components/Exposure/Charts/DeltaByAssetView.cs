using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Components.Exposure.Charts;

/// <summary>The USD delta of each priced underlying as bars, in the exposure table's order.</summary>
/// <param name="Bars">Priced underlyings only: an unpriced one has no USD delta (the table lists it with its reason).</param>
public sealed record DeltaByAssetView(IReadOnlyList<DeltaBar> Bars)
{
    public static DeltaByAssetView From(IReadOnlyList<AssetExposureRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new([.. rows.Where(r => r.UsdDelta.HasValue).Select(r => new DeltaBar(r.Underlying, Math.Round(r.UsdDelta!.Value, 2)))]);
    }

    // By value: every block brings new rows, and one that left every delta where it was must not redraw the chart.
    public bool Equals(DeltaByAssetView? other) => other is not null && Bars.SequenceEqual(other.Bars);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var bar in Bars) hash.Add(bar);
        return hash.ToHashCode();
    }
}

/// <summary>One bar of <see cref="DeltaByAssetView"/>.</summary>
/// <param name="Underlying">x: the underlying's symbol.</param>
/// <param name="UsdDelta">y: its USD delta (Δ·S), to the cent.</param>
public sealed record DeltaBar(string Underlying, double UsdDelta);
