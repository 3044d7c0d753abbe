using ExposureWeb.Data.Entities;

namespace ExposureWeb.Data.ManualPositions;

/// <summary>
/// A manual position's values, typed, before they are stored; see <see cref="ManualPositionEntry"/> for the meaning
/// and units of each. <see cref="ManualPositionValidator.Validate"/> says whether they can be stored.
/// </summary>
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
