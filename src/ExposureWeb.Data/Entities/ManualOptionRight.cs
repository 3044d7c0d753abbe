namespace ExposureWeb.Data.Entities;

/// <summary>
/// Call or put of a manual option. Data keeps its own enum so it needs no reference to Risk; the names match
/// <c>ExposureWeb.Risk.Pricing.OptionRight</c> one to one.
/// </summary>
public enum ManualOptionRight
{
    Call,
    Put,
}
