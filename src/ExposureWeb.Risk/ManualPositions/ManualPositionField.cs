namespace ExposureWeb.Risk.ManualPositions;

/// <summary>Field names: the CSV columns, and the keys of <see cref="FieldError"/> the form shows errors by.</summary>
public static class ManualPositionField
{
    /// <summary><see cref="ManualPositionValues.Kind"/>.</summary>
    public const string Kind = "kind";

    /// <summary><see cref="ManualPositionValues.Label"/>.</summary>
    public const string Label = "label";

    /// <summary><see cref="ManualPositionValues.Underlying"/>.</summary>
    public const string Underlying = "underlying";

    /// <summary><see cref="ManualPositionValues.Quantity"/>.</summary>
    public const string Quantity = "quantity";

    /// <summary><see cref="ManualPositionValues.EntryPriceUsd"/>.</summary>
    public const string EntryPriceUsd = "entry_price_usd";

    /// <summary><see cref="ManualPositionValues.Strike"/>.</summary>
    public const string Strike = "strike";

    /// <summary><see cref="ManualPositionValues.Expiry"/>.</summary>
    public const string Expiry = "expiry";

    /// <summary><see cref="ManualPositionValues.Right"/>.</summary>
    public const string Right = "right";

    /// <summary><see cref="ManualPositionValues.CashUsd"/>.</summary>
    public const string CashUsd = "cash_usd";

    /// <summary>In the order of the CSV header.</summary>
    public static readonly IReadOnlyList<string> All = [Kind, Label, Underlying, Quantity, EntryPriceUsd, Strike, Expiry, Right, CashUsd];
}

/// <summary>What is wrong with one field, and what to do about it.</summary>
/// <param name="Field">One of <see cref="ManualPositionField"/>.</param>
/// <param name="Message">A sentence that names the field.</param>
public sealed record FieldError(string Field, string Message)
{
    /// <summary>The message alone: it names the field.</summary>
    public override string ToString() => Message;
}
