namespace ExposureWeb.Risk.Instruments;

/// <summary>
/// Call or put of a manual option, as entered and stored (the database keeps these names, so they never change);
/// they match <see cref="Pricing.OptionRight"/> one to one, which the engine maps it onto for pricing.
/// </summary>
public enum ManualOptionRight
{
    /// <summary>The right to buy the underlying at the strike.</summary>
    Call,

    /// <summary>The right to sell the underlying at the strike.</summary>
    Put,
}
