using ExposureWeb.Risk.Portfolios;

namespace ExposureWeb.Engine.Snapshots;

/// <summary>
/// Which of a snapshot's totals leave something out for want of a price, and why (e.g. "ETH unpriced — stale: updated
/// 2 h before the block, heartbeat 3600 s"). A partial figure is shown and served marked as such; alert rules treat it
/// as no data. Net delta in units is never partial for want of a price, except through an unpriced option
/// (<see cref="AssetExposureRow.QuantityPartial"/>).
/// </summary>
/// <param name="IsPartial">True when any total below leaves something out.</param>
/// <param name="Reasons">Every reason, once.</param>
/// <param name="ValueUsd">What <see cref="ExposureSnapshot.ValueUsd"/> leaves out.</param>
/// <param name="NetUsdDelta">What <see cref="ExposureSnapshot.NetUsdDelta"/> leaves out.</param>
/// <param name="Greeks">What the dollar gamma, vega and theta totals leave out.</param>
/// <param name="MinHealthFactor">What <see cref="ExposureSnapshot.MinHealthFactor"/> leaves out (accounts without a protocol health factor).</param>
/// <param name="NearestLiquidation">What the liquidation rows leave out (accounts and perps with no distance at all).</param>
public sealed record SnapshotPartial(
    bool IsPartial,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<string> ValueUsd,
    IReadOnlyList<string> NetUsdDelta,
    IReadOnlyList<string> Greeks,
    IReadOnlyList<string> MinHealthFactor,
    IReadOnlyList<string> NearestLiquidation)
{
    /// <summary>Every total whole.</summary>
    public static readonly SnapshotPartial None = new(false, [], [], [], [], [], []);

    public static SnapshotPartial Of(PartialTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        if (!totals.Any) return None;
        var reasons = totals.Value.Concat(totals.UsdDelta).Concat(totals.Greeks).Concat(totals.HealthFactor).Concat(totals.Liquidation)
            .Distinct(StringComparer.Ordinal).ToList();
        return new(true, reasons, totals.Value, totals.UsdDelta, totals.Greeks, totals.HealthFactor, totals.Liquidation);
    }
}
