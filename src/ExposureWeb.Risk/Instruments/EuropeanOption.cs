using ExposureWeb.Risk.Pricing;

namespace ExposureWeb.Risk.Instruments;

/// <summary>A European option on a crypto underlying, cash-settled in USD (e.g. an Opyn oToken).</summary>
/// <param name="Underlying">Underlying asset.</param>
/// <param name="Right">Call or put.</param>
/// <param name="Strike">Strike, USD per unit of the underlying.</param>
/// <param name="Expiry">Expiry instant.</param>
/// <param name="Quantity">Signed number of options, each on one unit of the underlying (short &lt; 0).</param>
public sealed record EuropeanOption(string Underlying, OptionRight Right, double Strike, DateTimeOffset Expiry, double Quantity) : IInstrument
{
    /// <inheritdoc />
    public string Describe() => $"{Quantity:G6} × {Underlying} {Strike:G6} {(Right == OptionRight.Call ? "C" : "P")} {Expiry:yyyy-MM-dd}";
}
