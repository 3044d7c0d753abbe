using System.Globalization;
using ExposureWeb.Risk.Pricing;

namespace ExposureWeb.Cli.Commands;

/// <summary>
/// `exposure greeks`: reads options in the reference CSV format, writes price and raw Greeks, one row per input
/// row in the same order. All rows are parsed and validated before anything is written, and the output goes to a
/// temporary file moved into place at the end — a bad row leaves no output file behind.
/// </summary>
public static class GreeksCommand
{
    /// <summary>Required input header.</summary>
    public const string InputHeader = "spot,strike,years,rate,carry,vol,type";

    /// <summary>Output header.</summary>
    public const string OutputHeader = "price,delta,gamma,vega,theta,rho";

    private static readonly string[] Columns = InputHeader.Split(',');

    /// <summary>Runs the command; returns the exit code and reports errors (with line numbers) on <paramref name="stderr"/>.</summary>
    public static int Run(string inputPath, string outputPath, TextWriter stderr)
    {
        OptionBatch batch;
        try
        {
            batch = Read(inputPath);
        }
        catch (InvalidDataException e)
        {
            stderr.WriteLine($"exposure greeks: {inputPath}: {e.Message}");
            return Cli.DataError;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"exposure greeks: cannot read {inputPath}: {e.Message}");
            return Cli.DataError;
        }
        catch (UnauthorizedAccessException e)
        {
            stderr.WriteLine($"exposure greeks: cannot read {inputPath}: {e.Message}");
            return Cli.DataError;
        }

        var results = new GreeksBatch(batch.Count);
        BlackScholesBatch.Evaluate(batch, results);

        string full = Path.GetFullPath(outputPath);
        string temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var writer = new StreamWriter(temp, append: false, new System.Text.UTF8Encoding(false)))
            {
                writer.NewLine = "\n";
                writer.WriteLine(OutputHeader);
                for (int i = 0; i < results.Count; i++)
                {
                    writer.Write(F(results.Price[i])); writer.Write(',');
                    writer.Write(F(results.Delta[i])); writer.Write(',');
                    writer.Write(F(results.Gamma[i])); writer.Write(',');
                    writer.Write(F(results.Vega[i])); writer.Write(',');
                    writer.Write(F(results.Theta[i])); writer.Write(',');
                    writer.WriteLine(F(results.Rho[i]));
                }
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"exposure greeks: cannot write {outputPath}: {e.Message}");
            if (TryDelete(temp) is { } leftover) stderr.WriteLine($"exposure greeks: the partial file {temp} is left behind: {leftover}");
            return Cli.DataError;
        }
        return Cli.Ok;
    }

    // Shortest round-trip representation: the file reproduces the doubles exactly.
    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Parses and validates the whole file; throws <see cref="InvalidDataException"/> with "line N: …".</summary>
    internal static OptionBatch Read(string path)
    {
        var rows = new List<OptionParameters>();
        int lineNumber = 0;
        bool header = false;
        foreach (string raw in File.ReadLines(path))
        {
            lineNumber++;
            string line = raw.TrimEnd('\r');
            if (lineNumber == 1) line = line.TrimStart('\uFEFF');
            if (line.Trim().Length == 0) continue; // blank lines are not rows
            if (!header)
            {
                var names = line.Split(',').Select(n => n.Trim()).ToArray();
                if (!names.SequenceEqual(Columns, StringComparer.OrdinalIgnoreCase))
                {
                    throw new InvalidDataException($"line {lineNumber}: expected the header '{InputHeader}', found '{line}'.");
                }
                header = true;
                continue;
            }
            rows.Add(ParseRow(line, lineNumber));
        }
        if (!header) throw new InvalidDataException($"line 1: the file is empty; expected the header '{InputHeader}'.");

        var batch = new OptionBatch(rows.Count);
        for (int i = 0; i < rows.Count; i++) batch.Set(i, rows[i]);
        return batch;
    }

    private static OptionParameters ParseRow(string line, int lineNumber)
    {
        var fields = line.Split(',');
        if (fields.Length != Columns.Length)
        {
            throw new InvalidDataException($"line {lineNumber}: expected {Columns.Length} fields ({InputHeader}), found {fields.Length}.");
        }
        var values = new double[6];
        for (int i = 0; i < 6; i++)
        {
            string f = fields[i].Trim();
            if (!double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new InvalidDataException($"line {lineNumber}: {Columns[i]} '{f}' is not a number.");
            }
        }
        OptionRight right = fields[6].Trim().ToUpperInvariant() switch
        {
            "C" => OptionRight.Call,
            "P" => OptionRight.Put,
            var t => throw new InvalidDataException($"line {lineNumber}: type '{t}' must be C or P."),
        };
        var option = new OptionParameters(values[0], values[1], values[2], values[3], values[4], values[5], right);
        try
        {
            BlackScholes.Validate(option);
        }
        catch (ArgumentException e)
        {
            // The message already names the column ("vol must not be negative (was -0.2)"); drop .NET's "(Parameter …)".
            string message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
            throw new InvalidDataException($"line {lineNumber}: {message}");
        }
        return option;
    }

    /// <summary>Removes a partly written temporary file; returns why it could not, so the caller can say so.</summary>
    private static string? TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ex.Message;
        }
    }
}
