using System.ComponentModel.DataAnnotations;
using ExposureWeb.Risk.Scenarios;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Engine.Stress;

/// <summary>The <c>Stress</c> section: historical presets, configured correlations and how runs report progress.</summary>
public sealed class StressOptions
{
    public const string Section = "Stress";

    /// <summary>Historical shocks a Historical run applies (all of them unless the run names some), each with its source and date.</summary>
    public List<HistoricalShockPreset> HistoricalPresets { get; set; } = [];

    /// <summary>Pairwise correlations of log returns for Correlated and Monte Carlo runs; pairs not given are 0.</summary>
    public List<CorrelationPair> Correlations { get; set; } = [];

    /// <summary>Where <see cref="Correlations"/> come from, shown with every result that uses them.</summary>
    public string? CorrelationsSource { get; set; }

    /// <summary>Bucket for estimating correlations from the engine's price history (oracle updates rarely share a timestamp).</summary>
    [Range(1, 86_400)]
    public int CorrelationBucketSeconds { get; set; } = 60;

    /// <summary>Cascade runs read this many tick-bitmap words of the pool on each side of the current tick's word.</summary>
    [Range(0, 100)]
    public int CascadePoolWords { get; set; } = 10;

    /// <summary>A running run writes its progress to its row (and publishes it) at most this often.</summary>
    [Range(50, 60_000)]
    public int ProgressIntervalMs { get; set; } = 500;

    /// <summary>The configured correlations as a matrix over the underlyings they name (identity without any).</summary>
    public CorrelationMatrix? ConfiguredMatrix()
    {
        if (Correlations.Count == 0) return null;
        var names = Correlations.SelectMany(c => new[] { c.A, c.B }).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var index = names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.OrdinalIgnoreCase);
        var values = new double[names.Count, names.Count];
        for (int i = 0; i < names.Count; i++) values[i, i] = 1;
        foreach (var c in Correlations)
        {
            values[index[c.A], index[c.B]] = c.Rho;
            values[index[c.B], index[c.A]] = c.Rho;
        }
        return new CorrelationMatrix(names, values);
    }
}

/// <summary>One configured correlation.</summary>
public sealed class CorrelationPair
{
    public string A { get; set; } = "";
    public string B { get; set; } = "";
    public double Rho { get; set; }
}

/// <summary>Fails the app at start on a preset without source or date, or a correlation matrix that is not one.</summary>
public sealed class StressOptionsValidation : IValidateOptions<StressOptions>
{
    public ValidateOptionsResult Validate(string? name, StressOptions options)
    {
        var errors = new List<string>();
        foreach (var preset in options.HistoricalPresets) errors.AddRange(preset.Validate().Select(e => $"Stress:HistoricalPresets: {e}"));
        var duplicate = options.HistoricalPresets.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) errors.Add($"Stress:HistoricalPresets: \"{duplicate.Key}\" is named twice.");
        foreach (var c in options.Correlations)
        {
            if (string.IsNullOrWhiteSpace(c.A) || string.IsNullOrWhiteSpace(c.B)) errors.Add("Stress:Correlations: every pair names two underlyings (A and B).");
            else if (string.Equals(c.A, c.B, StringComparison.OrdinalIgnoreCase)) errors.Add($"Stress:Correlations: {c.A} with itself is always 1.");
            if (!(c.Rho >= -1 && c.Rho <= 1)) errors.Add($"Stress:Correlations: {c.A}/{c.B} is {c.Rho}, not within −1 … 1.");
        }
        if (errors.Count == 0 && options.Correlations.Count > 0)
        {
            try
            {
                var matrix = options.ConfiguredMatrix()!;
                if (matrix.MinEigenvalue() < -1e-9) errors.Add($"Stress:Correlations: the pairs do not form a valid correlation matrix (smallest eigenvalue {matrix.MinEigenvalue():0.####}).");
            }
            catch (ArgumentException ex)
            {
                errors.Add("Stress:Correlations: " + ex.Message);
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
