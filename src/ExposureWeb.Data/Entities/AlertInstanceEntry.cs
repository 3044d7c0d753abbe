namespace ExposureWeb.Data.Entities;

/// <summary>One series a rule watches (an account's health factor, an underlying's delta …) with its current state.</summary>
public sealed class AlertInstanceEntry
{
    public long Id { get; set; }

    public int RuleId { get; set; }

    public int PortfolioId { get; set; }

    /// <summary>Which series: e.g. <c>hf:aave-v3:local:0x7099…</c>, <c>delta:ETH</c>; unique per rule.</summary>
    public required string SeriesKey { get; set; }

    /// <summary>The series in words, e.g. "Aave v3 account 0x7099… (ETH/USDC)".</summary>
    public required string Label { get; set; }

    /// <summary>An <c>AlertState</c> name.</summary>
    public required string State { get; set; }

    /// <summary>An <c>AlertSeverity</c> name while pending, firing or recovering; null otherwise.</summary>
    public string? Severity { get; set; }

    /// <summary>Last value seen, in the metric's unit.</summary>
    public double? Value { get; set; }

    /// <summary>Why there is no value, or what failed.</summary>
    public string? Detail { get; set; }

    /// <summary>Block at which the current state began.</summary>
    public long SinceBlock { get; set; }

    /// <summary>Block time at which the current state began (UTC).</summary>
    public DateTimeOffset Since { get; set; }

    /// <summary>Last block evaluated.</summary>
    public long LastBlock { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
