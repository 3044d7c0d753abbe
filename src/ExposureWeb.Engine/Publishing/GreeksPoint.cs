using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Engine.Publishing;

/// <summary>A portfolio's net Greeks and value at one published block: one point of its Greeks history.</summary>
/// <param name="BlockNumber">Block the snapshot was read at.</param>
/// <param name="BlockTime">Its timestamp (UTC).</param>
/// <param name="NetUsdDelta">Σ delta × price, USD.</param>
/// <param name="DollarGammaPerPercent">Σ Γ·S²·1%: change of the USD delta for a 1% rise, USD.</param>
/// <param name="VegaPerVolPoint">USD for a one-point (0.01) rise in volatility.</param>
/// <param name="ThetaPerDay">USD per calendar day.</param>
/// <param name="ValueUsd">Σ value of the priced positions, USD.</param>
public sealed record GreeksPoint(
    ulong BlockNumber, DateTimeOffset BlockTime, double NetUsdDelta, double DollarGammaPerPercent, double VegaPerVolPoint, double ThetaPerDay, double ValueUsd)
{
    public static GreeksPoint From(ExposureSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new(snapshot.BlockNumber, snapshot.BlockTime, snapshot.NetUsdDelta, snapshot.NetDollarGamma, snapshot.NetVegaPerVolPoint,
            snapshot.NetThetaPerDay, snapshot.ValueUsd);
    }
}
