namespace ExposureWeb.Risk.Exposure;

/// <summary>An oracle price with where it came from.</summary>
/// <param name="Underlying">Asset priced.</param>
/// <param name="PriceUsd">USD per one unit of the underlying.</param>
/// <param name="UpdatedAt">Oracle update time (Chainlink <c>updatedAt</c>).</param>
/// <param name="Issue">Why the price must not be trusted (stale, non-positive, pinned at a bound), or null.</param>
public sealed record PriceQuote(string Underlying, double PriceUsd, DateTimeOffset UpdatedAt, string? Issue)
{
    /// <summary>True when the price can be used: no issue, positive and finite.</summary>
    public bool IsUsable => Issue is null && PriceUsd > 0 && double.IsFinite(PriceUsd);
}
