using System.Globalization;
using ExposureWeb.Risk.Instruments;

namespace ExposureWeb.Risk.ManualPositions;

/// <summary>How <see cref="ManualPositionValidator.Parse"/> treats a field the position's kind does not use (a strike on a perp).</summary>
public enum UnusedFields
{
    /// <summary>An error: a CSV line that gives a strike for a perp is probably in the wrong column.</summary>
    Reject,

    /// <summary>Dropped: the form hides such fields, so whatever they still hold is not what the user sees.</summary>
    Ignore,
}

/// <summary>The result of <see cref="ManualPositionValidator.Parse"/>: normalized values, or every error (never both).</summary>
/// <param name="Values">The normalized values; null when anything is wrong.</param>
/// <param name="Errors">Every wrong field, in the order of the CSV columns; empty when <paramref name="Values"/> is set.</param>
public sealed record ManualPositionParse(ManualPositionValues? Values, IReadOnlyList<FieldError> Errors)
{
    /// <summary>Whether the text made a position that can be stored.</summary>
    public bool IsValid => Values is not null;
}

/// <summary>
/// Every rule a manual position must meet, in one place: the form, the CSV import and the store all ask here.
/// Pure: no clock, no I/O. Messages say what is wrong and what to write instead.
/// </summary>
public static class ManualPositionValidator
{
    /// <summary>Characters of a symbol; also the database column's length.</summary>
    public const int MaxUnderlyingLength = 16;

    /// <summary>Characters of a label; also the database column's length.</summary>
    public const int MaxLabelLength = 100;

    /// <summary>Units; more is a unit mistake (wei instead of ETH, USD instead of units).</summary>
    public const double MaxAbsQuantity = 1e12;

    /// <summary>USD per unit, for entry prices and strikes; more is a notional typed as a price.</summary>
    public const double MaxPriceUsd = 1e9;

    /// <summary>USD either way; more is cents or token units typed as dollars.</summary>
    public const double MaxAbsCashUsd = 1e12;

    /// <summary>Expiries are accepted from this instant (UTC) …</summary>
    public static readonly DateTimeOffset EarliestExpiry = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>… up to, not including, this one.</summary>
    public static readonly DateTimeOffset LatestExpiry = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Whether a position of <paramref name="kind"/> has the field at all (the form shows only these).</summary>
    public static bool Uses(ManualPositionKind kind, string field) => field switch
    {
        ManualPositionField.Strike or ManualPositionField.Expiry or ManualPositionField.Right => kind == ManualPositionKind.Option,
        _ => true,
    };

    /// <summary>Whether the field must be given for <paramref name="kind"/>.</summary>
    public static bool Requires(ManualPositionKind kind, string field) => field switch
    {
        ManualPositionField.Kind or ManualPositionField.Underlying or ManualPositionField.Quantity => true,
        ManualPositionField.EntryPriceUsd => kind == ManualPositionKind.Perp,
        ManualPositionField.Strike or ManualPositionField.Expiry or ManualPositionField.Right => kind == ManualPositionKind.Option,
        _ => false,
    };

    /// <summary>Upper-case trimmed underlying, trimmed label (blank → none), expiry in UTC: the form values are stored in.</summary>
    public static ManualPositionValues Normalize(ManualPositionValues values) => values with
    {
        Underlying = (values.Underlying ?? "").Trim().ToUpperInvariant(),
        Label = string.IsNullOrWhiteSpace(values.Label) ? null : values.Label.Trim(),
        Expiry = values.Expiry?.ToUniversalTime(),
    };

    /// <summary>Every rule the (normalized) values break; empty when they can be stored.</summary>
    public static IReadOnlyList<FieldError> Validate(ManualPositionValues values)
    {
        var v = Normalize(values);
        var errors = new List<FieldError>();
        if (!Enum.IsDefined(v.Kind))
        {
            errors.Add(new(ManualPositionField.Kind, $"kind {(int)v.Kind} is not known: use spot, perp or option."));
        }
        Check(Enum.IsDefined(v.Kind) ? v.Kind : (ManualPositionKind?)null, v.Underlying, v.Quantity, v.Label, v.EntryPriceUsd, v.Strike, v.Expiry, v.Right, v.CashUsd,
            skip: new HashSet<string>(), errors);
        return errors;
    }

    /// <summary>
    /// Reads typed text (a CSV line, the form) by <see cref="ManualPositionText"/>'s conventions and checks it: normalized
    /// values when everything is right, otherwise one error per wrong field (all of them).
    /// </summary>
    public static ManualPositionParse Parse(ManualPositionFields fields, UnusedFields unused = UnusedFields.Reject)
    {
        var errors = new List<FieldError>();
        var failed = new HashSet<string>();

        ManualPositionKind? kind = null;
        var kindText = Blank(fields.Kind);
        if (kindText is null)
        {
            errors.Add(new(ManualPositionField.Kind, "kind is missing: write spot, perp or option."));
        }
        else if (ManualPositionText.TryParseKind(kindText, out var k))
        {
            kind = k;
        }
        else
        {
            errors.Add(new(ManualPositionField.Kind, $"kind '{kindText}' is not known: write spot, perp or option."));
        }

        string? Text(string field)
        {
            var text = Blank(fields[field]);
            return unused == UnusedFields.Ignore && kind is { } known && !Uses(known, field) ? null : text;
        }

        double? Number(string field)
        {
            if (Text(field) is not { } text) return null;
            if (ManualPositionText.TryParseNumber(text, out var value)) return value;
            failed.Add(field);
            errors.Add(new(field, $"{field} '{text}' is not a number: use digits with '.' as the decimal point and no thousands separators, e.g. {Example(field)}."));
            return null;
        }

        var quantity = Number(ManualPositionField.Quantity);
        var entry = Number(ManualPositionField.EntryPriceUsd);
        var strike = Number(ManualPositionField.Strike);
        var cash = Number(ManualPositionField.CashUsd);

        DateTimeOffset? expiry = null;
        if (Text(ManualPositionField.Expiry) is { } expiryText)
        {
            if (ManualPositionText.TryParseExpiry(expiryText, out var e) is { } problem)
            {
                failed.Add(ManualPositionField.Expiry);
                errors.Add(new(ManualPositionField.Expiry, problem));
            }
            else
            {
                expiry = e;
            }
        }

        ManualOptionRight? right = null;
        if (Text(ManualPositionField.Right) is { } rightText)
        {
            if (ManualPositionText.TryParseRight(rightText, out var r))
            {
                right = r;
            }
            else
            {
                failed.Add(ManualPositionField.Right);
                errors.Add(new(ManualPositionField.Right, $"right '{rightText}' is not known: write call or put."));
            }
        }

        var underlying = (Text(ManualPositionField.Underlying) ?? "").ToUpperInvariant();
        var label = Text(ManualPositionField.Label);
        if (quantity is null && !failed.Contains(ManualPositionField.Quantity))
        {
            failed.Add(ManualPositionField.Quantity);
            errors.Add(new(ManualPositionField.Quantity, "quantity is missing: write the signed number of units, e.g. 2.5 for a long or -2.5 for a short."));
        }

        Check(kind, underlying, quantity, label, entry, strike, expiry, right, cash, failed, errors);
        if (errors.Count > 0 || kind is null || quantity is null)
        {
            return new ManualPositionParse(null, Ordered(errors));
        }
        var values = Normalize(new ManualPositionValues(kind.Value, underlying, quantity.Value, label, entry, strike, expiry, right, cash));
        return new ManualPositionParse(values, []);
    }

    private static void Check(
        ManualPositionKind? kind, string underlying, double? quantity, string? label, double? entry, double? strike,
        DateTimeOffset? expiry, ManualOptionRight? right, double? cash, ISet<string> skip, List<FieldError> errors)
    {
        void Add(string field, string message)
        {
            if (!skip.Contains(field)) errors.Add(new(field, message));
        }

        var unit = underlying.Length is > 0 and <= MaxUnderlyingLength ? underlying : "the underlying";

        if (underlying.Length == 0)
            Add(ManualPositionField.Underlying, "underlying is missing: write the asset's symbol, e.g. ETH.");
        else if (underlying.Length > MaxUnderlyingLength)
            Add(ManualPositionField.Underlying, $"underlying '{Shorten(underlying)}' is {underlying.Length} characters long: a symbol has at most {MaxUnderlyingLength}.");
        else if (!underlying.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.'))
            Add(ManualPositionField.Underlying, $"underlying '{underlying}' may only contain letters A–Z, digits and '.': write the asset's symbol, e.g. ETH (not a pair such as ETH-USD).");

        if (quantity is { } q)
        {
            if (!double.IsFinite(q))
                Add(ManualPositionField.Quantity, $"quantity must be a finite number, not {Show(q)}: write the signed number of units, e.g. -2.5.");
            else if (q == 0)
                Add(ManualPositionField.Quantity, "quantity is 0: a position of no units has no exposure; write its signed size (short < 0) or leave it out.");
            else if (Math.Abs(q) > MaxAbsQuantity)
                Add(ManualPositionField.Quantity, $"quantity {Show(q)} is beyond ±{MaxAbsQuantity:#,0} units: check that it is in units of {unit}, not in wei or USD.");
        }

        if (entry is { } p)
            CheckPrice(ManualPositionField.EntryPriceUsd, p, unit, Add);
        else if (kind is { } k && Requires(k, ManualPositionField.EntryPriceUsd))
            Add(ManualPositionField.EntryPriceUsd, $"entry_price_usd is missing: a perp needs its average entry price in USD per unit of {unit}, e.g. 3150.5.");

        if (kind is { } known && !Uses(known, ManualPositionField.Strike))
        {
            var what = $"leave it blank for a {ManualPositionText.Kind(known)}, or set kind to option";
            if (strike is not null) Add(ManualPositionField.Strike, $"strike is only for options: {what}.");
            if (expiry is not null) Add(ManualPositionField.Expiry, $"expiry is only for options: {what}.");
            if (right is not null) Add(ManualPositionField.Right, $"right is only for options: {what}.");
        }
        else
        {
            var option = kind == ManualPositionKind.Option;
            if (strike is { } s)
                CheckPrice(ManualPositionField.Strike, s, unit, Add);
            else if (option)
                Add(ManualPositionField.Strike, $"strike is missing: an option needs its strike in USD per unit of {unit}, e.g. 3500.");

            if (expiry is { } e)
            {
                if (e < EarliestExpiry || e >= LatestExpiry)
                    Add(ManualPositionField.Expiry, $"expiry {ManualPositionText.Expiry(e)} is outside {EarliestExpiry.Year}–{LatestExpiry.Year - 1}: check the year.");
            }
            else if (option)
            {
                Add(ManualPositionField.Expiry, "expiry is missing: an option needs its expiry, e.g. 2026-12-25 (00:00 UTC) or 2026-12-25T08:00:00Z.");
            }

            if (right is { } r)
            {
                if (!Enum.IsDefined(r)) Add(ManualPositionField.Right, $"right {(int)r} is not known: use call or put.");
            }
            else if (option)
            {
                Add(ManualPositionField.Right, "right is missing: write call or put.");
            }
        }

        if (cash is { } c)
        {
            if (!double.IsFinite(c))
                Add(ManualPositionField.CashUsd, $"cash_usd must be a finite number, not {Show(c)}: write USD, e.g. -5000, or leave it blank.");
            else if (Math.Abs(c) > MaxAbsCashUsd)
                Add(ManualPositionField.CashUsd, $"cash_usd {Show(c)} is beyond ±${MaxAbsCashUsd:#,0}: check that it is in USD, not in cents or token units.");
        }

        if (label is not null)
        {
            if (label.Length > MaxLabelLength)
                Add(ManualPositionField.Label, $"label is {label.Length} characters long: keep it to {MaxLabelLength}.");
            else if (label.Any(char.IsControl))
                Add(ManualPositionField.Label, "label contains a line break or another control character: keep it on one line.");
        }
    }

    private static void CheckPrice(string field, double price, string unit, Action<string, string> add)
    {
        if (!double.IsFinite(price))
            add(field, $"{field} must be a finite number, not {Show(price)}: write USD per unit of {unit}, e.g. {Example(field)}.");
        else if (price <= 0)
            add(field, $"{field} must be greater than 0, not {Show(price)}: write USD per unit of {unit}, e.g. {Example(field)}.");
        else if (price > MaxPriceUsd)
            add(field, $"{field} {Show(price)} is above ${MaxPriceUsd:#,0} per unit: check that it is USD per unit of {unit}, not a notional.");
    }

    private static string Example(string field) => field switch
    {
        ManualPositionField.Quantity => "-2.5",
        ManualPositionField.EntryPriceUsd => "3150.5",
        ManualPositionField.Strike => "3500",
        _ => "-5000",
    };

    private static string Show(double value) => value.ToString("G10", Invariant);

    private static string Shorten(string text) => text.Length <= 24 ? text : text[..24] + "…";

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Errors in the order of the CSV columns, so a line's messages read left to right.</summary>
    private static List<FieldError> Ordered(List<FieldError> errors) =>
        [.. errors.OrderBy(e => ManualPositionField.All.ToList().IndexOf(e.Field))];
}
