using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Components.Exposure.Rows;

/// <summary>
/// A position row compared by value, its markers and token amounts included: the record compares those lists by
/// reference, and every snapshot (each one deserialised anew) brings new lists with the same items.
/// </summary>
public readonly struct PositionRowValue(PositionRow row) : IEquatable<PositionRowValue>
{
    public PositionRow Row { get; } = row;

    public bool Equals(PositionRowValue other) =>
        ReferenceEquals(Row, other.Row)
        || (Row is not null && other.Row is not null
            && Row.Markers.SequenceEqual(other.Row.Markers)
            && Row.Amounts.SequenceEqual(other.Row.Amounts)
            && Row == other.Row with { Markers = Row.Markers, Amounts = Row.Amounts });

    public override bool Equals(object? obj) => obj is PositionRowValue other && Equals(other);

    public override int GetHashCode() => Row is null ? 0 : StringComparer.Ordinal.GetHashCode(Row.Id);

    public static bool operator ==(PositionRowValue left, PositionRowValue right) => left.Equals(right);

    public static bool operator !=(PositionRowValue left, PositionRowValue right) => !left.Equals(right);
}
