namespace ExposureWeb.Risk.Instruments;

/// <summary>
/// A position entered by hand (an OTC trade, an exchange balance the dashboard cannot read): a linear exposure
/// of <paramref name="Quantity"/> units of the underlying plus a fixed USD amount.
/// </summary>
/// <param name="Label">What the user called it.</param>
/// <param name="Underlying">Unit of netting.</param>
/// <param name="Quantity">Signed units of the underlying (its delta).</param>
/// <param name="CashUsd">USD that does not move with the underlying (e.g. the short leg of a hedged trade).</param>
public sealed record ManualPosition(string Label, string Underlying, double Quantity, double CashUsd = 0) : IInstrument
{
    /// <inheritdoc />
    public string Describe() => $"{Label} (manual)";
}
