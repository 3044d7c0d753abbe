namespace ExposureWeb.Risk.Alerts;

/// <summary>What one evaluation saw of a series: a value, no usable value, or a failed read.</summary>
public abstract record AlertObservation
{
    private AlertObservation() { }

    /// <summary>A usable value in the metric's unit.</summary>
    public sealed record Value(double Amount) : AlertObservation;

    /// <summary>No usable value (unpriced, stale oracle, series gone), and why.</summary>
    public sealed record Missing(string Reason) : AlertObservation;

    /// <summary>The input could not be read, and why.</summary>
    public sealed record Failed(string Error) : AlertObservation;
}
