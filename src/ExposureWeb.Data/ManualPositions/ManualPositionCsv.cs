using System.Globalization;
using ExposureWeb.Risk.ManualPositions;

namespace ExposureWeb.Data.ManualPositions;

/// <summary>A problem with a CSV file, on one line or (without a line) with the file as a whole.</summary>
public sealed record CsvLineError(int? Line, string Message)
{
    public override string ToString() => Line is { } n ? $"line {n}: {Message}" : Message;
}

/// <summary>What <see cref="ManualPositionCsv.Parse"/> read: all the positions, or all the errors; never some of each.</summary>
public sealed record ManualPositionCsvResult(IReadOnlyList<ManualPositionValues> Entries, IReadOnlyList<CsvLineError> Errors)
{
    public void Deconstruct(out IReadOnlyList<ManualPositionValues> entries, out IReadOnlyList<CsvLineError> errors)
    {
        entries = Entries;
        errors = Errors;
    }
}

/// <summary>
/// The manual-positions CSV format (documented in README.md, "Manual positions (CSV)"): a header naming the columns of
/// <see cref="Header"/> (any order; <c>kind</c>, <c>underlying</c>, <c>quantity</c> required), then one position per line,
/// RFC 4180 quoting, invariant numbers, ISO-8601 expiries, blank optional fields. Every line is checked and every
/// problem reported with its line number; a file with any problem yields no entries, so nothing is half-imported.
/// </summary>
public static class ManualPositionCsv
{
    public static readonly string Header = string.Join(",", ManualPositionField.All);

    /// <summary>1 MiB; counted in characters by the parser, in bytes by the upload.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Positions (non-blank lines after the header) per file.</summary>
    public const int MaxRows = 5000;

    private static readonly string[] RequiredColumns = [ManualPositionField.Kind, ManualPositionField.Underlying, ManualPositionField.Quantity];

    public static CsvLineError TooLarge(long? bytes = null) => new(null,
        $"The file is larger than 1 MB{(bytes is { } b ? $" ({b.ToString("#,0", CultureInfo.InvariantCulture)} bytes)" : "")}: split it into files of at most 1 MB and {MaxRows:#,0} positions and import them one after the other.");

    public static CsvLineError TooManyRows() => new(null,
        $"The file has more than {MaxRows:#,0} positions: split it into files of at most {MaxRows:#,0} positions and import them one after the other.");

    public static ManualPositionCsvResult Parse(TextReader reader)
    {
        var csv = new CsvRecordReader(reader, MaxBytes);
        CsvRecord? header = null;
        while (csv.TryRead(out var record))
        {
            if (record.IsBlank) continue;
            header = record;
            break;
        }
        if (csv.TooLarge) return Failed(TooLarge());
        if (header is null) return Failed(new CsvLineError(1, $"The file is empty: its first line must be the header {Header}, then one position per line."));

        var (columns, headerErrors) = ReadHeader(header);
        if (headerErrors.Count > 0) return new ManualPositionCsvResult([], headerErrors);

        var entries = new List<ManualPositionValues>();
        var errors = new List<CsvLineError>();
        var rows = 0;
        while (csv.TryRead(out var record))
        {
            if (record.IsBlank) continue;
            if (++rows > MaxRows) return Failed(TooManyRows());
            if (record.Error is { } malformed)
            {
                errors.Add(new CsvLineError(record.Line, malformed));
                continue;
            }
            if (record.Fields.Count != columns.Count)
            {
                errors.Add(new CsvLineError(record.Line,
                    $"{record.Fields.Count} field(s), but the header has {columns.Count}: check for a missing or extra ',' (a value that contains ',' must be in double quotes)."));
                continue;
            }
            var fields = new ManualPositionFields();
            for (var i = 0; i < columns.Count; i++) fields[columns[i]] = record.Fields[i];
            var parse = ManualPositionValidator.Parse(fields, UnusedFields.Reject);
            if (parse.Values is { } values)
                entries.Add(values);
            else
                errors.AddRange(parse.Errors.Select(e => new CsvLineError(record.Line, e.Message)));
        }
        if (csv.TooLarge) return Failed(TooLarge());
        if (rows == 0 && errors.Count == 0)
            return Failed(new CsvLineError(header.Line, "The file has a header but no positions: add one position per line below it."));
        return errors.Count > 0 ? new ManualPositionCsvResult([], errors) : new ManualPositionCsvResult(entries, []);
    }

    private static (List<string> Columns, List<CsvLineError> Errors) ReadHeader(CsvRecord header)
    {
        var errors = new List<CsvLineError>();
        void Fail(string message) => errors.Add(new CsvLineError(header.Line, message));

        if (header.Error is { } malformed)
        {
            Fail(malformed);
            return ([], errors);
        }
        var names = header.Fields.Select(f => f.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_')).ToList();
        if (!names.Any(ManualPositionField.All.Contains))
        {
            var looksLikeData = ManualPositionText.TryParseKind(names[0], out _);
            Fail($"{(looksLikeData ? "This looks like a position, not the header" : "This is not the header")}: the file must start with the header line {Header}.");
            return ([], errors);
        }
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (name.Length == 0)
                Fail($"column {i + 1} of the header has no name: name it (one of {Header}) or remove the extra ','.");
            else if (!ManualPositionField.All.Contains(name))
                Fail($"unknown column '{header.Fields[i].Trim()}'{Suggestion(name)}: the columns are {Header}.");
            else if (names.IndexOf(name) != i)
                Fail($"column '{name}' appears twice in the header: keep one.");
        }
        foreach (var required in RequiredColumns.Where(r => !names.Contains(r)))
        {
            Fail($"the header has no '{required}' column: it is required ({Header}).");
        }
        return (names, errors);
    }

    private static string Suggestion(string name)
    {
        var best = ManualPositionField.All.MinBy(known => Distance(name, known))!;
        return Distance(name, best) <= Math.Max(2, best.Length / 3) ? $" (did you mean '{best}'?)" : "";
    }

    /// <summary>Levenshtein distance, for "did you mean" on a misspelt column.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    private static ManualPositionCsvResult Failed(CsvLineError error) => new([], [error]);
}
