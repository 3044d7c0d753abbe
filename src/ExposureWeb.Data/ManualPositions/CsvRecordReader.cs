using System.Text;

namespace ExposureWeb.Data.ManualPositions;

/// <summary>One record of a CSV file: its fields, or why it could not be read.</summary>
/// <param name="Line">1-based line the record starts on (a quoted field may span lines).</param>
/// <param name="Fields">Unquoted fields trimmed; quoted fields as written, quotes removed and <c>""</c> read as <c>"</c>.</param>
/// <param name="Error">Why the record is malformed; its fields are then not to be trusted.</param>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, string? Error)
{
    /// <summary>An empty line (nothing but spaces); skipped, not an error.</summary>
    public bool IsBlank => Error is null && Fields is [""];
}

/// <summary>
/// Reads RFC 4180 CSV one record at a time: ',' separates fields; CRLF, LF or CR ends a record; a field in double
/// quotes may hold commas, quotes (doubled) and line breaks. A byte-order mark at the start is skipped. Stops once
/// more than <paramref name="maxChars"/> characters have been read, so a huge upload costs no more than the limit.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader, int maxChars)
{
    private const int Eof = -1;

    private int _line = 1;
    private int _chars;
    private bool _started;

    /// <summary>True once the input turned out to be longer than the limit; reading has then stopped.</summary>
    public bool TooLarge { get; private set; }

    public bool TryRead(out CsvRecord record)
    {
        record = default!;
        if (!_started)
        {
            _started = true;
            if (reader.Peek() == '\uFEFF') Next();
        }
        if (TooLarge || Peek() == Eof) return false;

        var start = _line;
        var fields = new List<string>();
        var field = new StringBuilder();
        string? error = null;
        var state = State.FieldStart;
        while (true)
        {
            var c = Next();
            if (TooLarge) return false;
            switch (state)
            {
                case State.FieldStart:
                    if (c is ' ' or '\t') break;
                    if (c == '"')
                    {
                        state = State.Quoted;
                        break;
                    }
                    if (c == ',')
                    {
                        fields.Add("");
                        break;
                    }
                    if (c == Eof || EndOfLine(c))
                    {
                        fields.Add("");
                        record = new CsvRecord(start, fields, error);
                        return true;
                    }
                    field.Append((char)c);
                    state = State.Unquoted;
                    break;

                case State.Unquoted:
                    if (c == ',' || c == Eof || EndOfLine(c))
                    {
                        fields.Add(field.ToString().TrimEnd(' ', '\t'));
                        field.Clear();
                        if (c == ',')
                        {
                            state = State.FieldStart;
                            break;
                        }
                        record = new CsvRecord(start, fields, error);
                        return true;
                    }
                    if (c == '"')
                    {
                        error ??= $"field {fields.Count + 1} has a \" inside a value that does not start with one: put the whole value in double quotes and write each \" inside it as \"\".";
                    }
                    field.Append((char)c);
                    break;

                case State.Quoted:
                    if (c == Eof)
                    {
                        fields.Add(field.ToString());
                        error ??= $"field {fields.Count} opens a double quote that is never closed: end the value with \" (a \" inside a quoted value is written \"\").";
                        record = new CsvRecord(start, fields, error);
                        return true;
                    }
                    if (c == '"')
                    {
                        if (Peek() == '"')
                        {
                            Next();
                            field.Append('"');
                        }
                        else
                        {
                            state = State.AfterQuote;
                        }
                        break;
                    }
                    if (c == '\r' && Peek() == '\n')
                    {
                        Next();
                        field.Append("\r\n");
                        _line++;
                        break;
                    }
                    if (c is '\r' or '\n') _line++;
                    field.Append((char)c);
                    break;

                case State.AfterQuote:
                    if (c == ',' || c == Eof || EndOfLine(c))
                    {
                        fields.Add(field.ToString());
                        field.Clear();
                        if (c == ',')
                        {
                            state = State.FieldStart;
                            break;
                        }
                        record = new CsvRecord(start, fields, error);
                        return true;
                    }
                    if (c is ' ' or '\t') break;
                    error ??= $"field {fields.Count + 1} has text after its closing double quote: a quoted value must end right before the next ',' (write a \" inside it as \"\").";
                    break;
            }
        }
    }

    /// <summary>True for CR, LF and CRLF (which it consumes whole); counts the line.</summary>
    private bool EndOfLine(int c)
    {
        if (c == '\r')
        {
            if (Peek() == '\n') Next();
            _line++;
            return true;
        }
        if (c == '\n')
        {
            _line++;
            return true;
        }
        return false;
    }

    private int Peek() => reader.Peek();

    private int Next()
    {
        var c = reader.Read();
        if (c != Eof && ++_chars > maxChars) TooLarge = true;
        return c;
    }

    private enum State
    {
        FieldStart,
        Unquoted,
        Quoted,
        AfterQuote,
    }
}
