namespace ExposureWeb.Data.ManualPositions;

/// <summary>Field names: the CSV columns, and the keys of <see cref="FieldError"/> the form shows errors by.</summary>
public static class ManualPositionField
{
    public const string Kind = "kind";
    public const string Label = "label";
    public const string Underlying = "underlying";
    public const string Quantity = "quantity";
    public const string EntryPriceUsd = "entry_price_usd";
    public const string Strike = "strike";
    public const string Expiry = "expiry";
    public const string Right = "right";
    public const string CashUsd = "cash_usd";

    /// <summary>In the order of the CSV header.</summary>
    public static readonly IReadOnlyList<string> All = [Kind, Label, Underlying, Quantity, EntryPriceUsd, Strike, Expiry, Right, CashUsd];
}

/// <summary>What is wrong with one field, and what to do about it.</summary>
/// <param name="Field">One of <see cref="ManualPositionField"/>.</param>
/// <param name="Message">A sentence that names the field.</param>
public sealed record FieldError(string Field, string Message)
{
    public override string ToString() => Message;
}
