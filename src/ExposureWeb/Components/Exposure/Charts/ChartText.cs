using System.Globalization;
using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Components.Exposure.Charts;

/// <summary>Texts the charts share: where the figures come from, moves and positions in words.</summary>
public static class ChartText
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>The block a chart's figures were computed at, e.g. <c>block #1,234 · 2030-01-02 03:04:05 UTC</c>.</summary>
    public static string Block(ulong number, DateTimeOffset time) => $"block {Format.Block(number)} · {Format.Utc(time)}";

    /// <summary>A relative move with its sign, e.g. <c>+4%</c>, <c>−16%</c>, <c>0%</c>.</summary>
    public static string Move(double move) => (move * 100).ToString("+0.##;−0.##;0", Culture) + "%";

    /// <summary>A position as the liquidation panel names it: protocol · short owner, or its id when it is not listed.</summary>
    public static string Position(string positionId, IReadOnlyList<PositionRow> positions)
    {
        var p = positions.FirstOrDefault(x => x.Id == positionId);
        if (p is null) return positionId;
        var owner = Format.Address(p.Owner);
        return $"{p.Protocol} · {owner}";
    }

    /// <summary>Invariant number for data attributes that tests and scripts read.</summary>
    public static string Number(double value) => value.ToString("R", Culture);
}
