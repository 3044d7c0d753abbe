namespace ExposureWeb.Risk.ManualPositions;

/// <summary>
/// A manual position as typed: one CSV line, or the add/edit form's model. Blank means "not given".
/// <see cref="ManualPositionValidator.Parse"/> turns it into <see cref="ManualPositionValues"/> or says what is wrong.
/// </summary>
public sealed class ManualPositionFields
{
    /// <summary><c>spot</c>, <c>perp</c> or <c>option</c> (any case).</summary>
    public string? Kind { get; set; }

    /// <summary>Free text; blank for none.</summary>
    public string? Label { get; set; }

    /// <summary>The asset's symbol, e.g. <c>eth</c> (stored upper case).</summary>
    public string? Underlying { get; set; }

    /// <summary>Signed units, e.g. <c>-2.5</c> for a short.</summary>
    public string? Quantity { get; set; }

    /// <summary>USD per unit, e.g. <c>3150.5</c>.</summary>
    public string? EntryPriceUsd { get; set; }

    /// <summary>USD per unit of the underlying, e.g. <c>3500</c>.</summary>
    public string? Strike { get; set; }

    /// <summary>ISO-8601: <c>2026-12-25</c> (00:00 UTC) or a date and time with <c>Z</c> or an offset.</summary>
    public string? Expiry { get; set; }

    /// <summary><c>call</c> or <c>put</c> (any case).</summary>
    public string? Right { get; set; }

    /// <summary>USD, e.g. <c>-5000</c>.</summary>
    public string? CashUsd { get; set; }

    /// <summary>The value of a field by its <see cref="ManualPositionField"/> name.</summary>
    public string? this[string field]
    {
        get => field switch
        {
            ManualPositionField.Kind => Kind,
            ManualPositionField.Label => Label,
            ManualPositionField.Underlying => Underlying,
            ManualPositionField.Quantity => Quantity,
            ManualPositionField.EntryPriceUsd => EntryPriceUsd,
            ManualPositionField.Strike => Strike,
            ManualPositionField.Expiry => Expiry,
            ManualPositionField.Right => Right,
            ManualPositionField.CashUsd => CashUsd,
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a manual position field"),
        };
        set
        {
            switch (field)
            {
                case ManualPositionField.Kind: Kind = value; break;
                case ManualPositionField.Label: Label = value; break;
                case ManualPositionField.Underlying: Underlying = value; break;
                case ManualPositionField.Quantity: Quantity = value; break;
                case ManualPositionField.EntryPriceUsd: EntryPriceUsd = value; break;
                case ManualPositionField.Strike: Strike = value; break;
                case ManualPositionField.Expiry: Expiry = value; break;
                case ManualPositionField.Right: Right = value; break;
                case ManualPositionField.CashUsd: CashUsd = value; break;
                default: throw new ArgumentOutOfRangeException(nameof(field), field, "not a manual position field");
            }
        }
    }

    /// <summary>A copy to edit without touching this one.</summary>
    public ManualPositionFields Copy() => (ManualPositionFields)MemberwiseClone();

    /// <summary>A copy with one field replaced (the form checks a field's new value before it lands in its model).</summary>
    public ManualPositionFields With(string field, string? value)
    {
        var copy = Copy();
        copy[field] = value;
        return copy;
    }

    /// <summary>The fields of stored values, written the way <see cref="ManualPositionValidator.Parse"/> reads them back (round-trip numbers).</summary>
    public static ManualPositionFields From(ManualPositionValues values) => new()
    {
        Kind = ManualPositionText.Kind(values.Kind),
        Label = values.Label,
        Underlying = values.Underlying,
        Quantity = ManualPositionText.Number(values.Quantity),
        EntryPriceUsd = ManualPositionText.Number(values.EntryPriceUsd),
        Strike = ManualPositionText.Number(values.Strike),
        Expiry = ManualPositionText.Expiry(values.Expiry),
        Right = values.Right is { } r ? ManualPositionText.Right(r) : null,
        CashUsd = ManualPositionText.Number(values.CashUsd),
    };
}
