using ExposureWeb.Risk.Instruments;

namespace ExposureWeb.Risk.ManualPositions;

/// <summary>
/// A manual position's values, typed: what the form and the CSV import produce and the store keeps.
/// <see cref="ManualPositionValidator.Validate"/> says whether they can be stored.
/// </summary>
/// <param name="Kind">Spot, perp or option; decides which of the other fields are required.</param>
/// <param name="Underlying">Upper-case symbol the position nets into, e.g. <c>ETH</c>.</param>
/// <param name="Quantity">Signed units of the underlying (long &gt; 0, short &lt; 0); for an option, the signed number of options on one unit each.</param>
/// <param name="Label">What the user calls it, e.g. "Binance ETH short"; optional.</param>
/// <param name="EntryPriceUsd">USD per unit: average entry price of a perp (required), cost of spot or premium per option (optional).</param>
/// <param name="Strike">Option strike, USD per unit of the underlying.</param>
/// <param name="Expiry">Option expiry, UTC.</param>
/// <param name="Right">Call or put, for an option.</param>
/// <param name="CashUsd">USD beside the position that does not move with the underlying (e.g. margin or the cash leg of a hedge); optional, may be negative.</param>
public sealed record ManualPositionValues(
    ManualPositionKind Kind,
    string Underlying,
    double Quantity,
    string? Label = null,
    double? EntryPriceUsd = null,
    double? Strike = null,
    DateTimeOffset? Expiry = null,
    ManualOptionRight? Right = null,
    double? CashUsd = null);
