namespace ExposureWeb.Risk.Alerts;

/// <summary>
/// An alert rule as the user defines it: the body of the REST API and the export/import format (JSON, enums as names).
/// Valid when <see cref="AlertRuleValidator.Validate"/> finds nothing wrong.
/// </summary>
public sealed record AlertRuleDefinition
{
    /// <summary>What the rule is called in toasts, the inbox and messages.</summary>
    public string Name { get; init; } = "";

    /// <summary>What the rule watches.</summary>
    public AlertMetric Metric { get; init; }

    /// <summary>Which series of the workspace it watches.</summary>
    public AlertScope Scope { get; init; } = AlertScope.Portfolio;

    /// <summary>The underlying (ETH, BTC …) when <see cref="Scope"/> is <see cref="AlertScope.Underlying"/>; otherwise ignored.</summary>
    public string? Underlying { get; init; }

    /// <summary>The position id (as in the positions table) when <see cref="Scope"/> is <see cref="AlertScope.Position"/>.</summary>
    public string? PositionId { get; init; }

    /// <summary>Which side of a threshold fires; <see cref="AlertMetrics.Describe"/> names the allowed ones and the default.</summary>
    public AlertCondition Condition { get; init; }

    /// <summary>One to three thresholds, each with its own severity and recovery threshold.</summary>
    public IReadOnlyList<AlertThreshold> Thresholds { get; init; } = [];

    /// <summary>How long a threshold must stay crossed before the alert fires.</summary>
    public AlertDuration PendingFor { get; init; } = AlertDuration.None;

    /// <summary>How long a firing alert keeps firing after its value recovers.</summary>
    public AlertDuration KeepFiringFor { get; init; } = AlertDuration.None;

    /// <summary>What a missing or stale input means.</summary>
    public NoDataPolicy NoData { get; init; } = NoDataPolicy.NoData;

    /// <summary>The health factor <see cref="AlertMetric.HealthFactorTimeToLevel"/> projects to (e.g. 1.0); ignored by other metrics.</summary>
    public double? Level { get; init; }

    /// <summary>Toast and inbox entry for the workspace's members.</summary>
    public bool InApp { get; init; } = true;

    /// <summary>Webhook and e-mail destinations of the workspace to notify, by id.</summary>
    public IReadOnlyList<int> DestinationIds { get; init; } = [];

    /// <summary>
    /// Mute timings of the workspace, by id: inside one of their windows the rule's webhook and e-mail notifications wait
    /// for the window's end (in-app ones still reach the inbox, without a toast).
    /// </summary>
    public IReadOnlyList<int> MuteTimingIds { get; init; } = [];

    /// <summary>A disabled rule keeps its history but is not evaluated.</summary>
    public bool Enabled { get; init; } = true;
}

/// <summary>One threshold of a rule.</summary>
/// <param name="Severity">How loud the alert is while this threshold is crossed.</param>
/// <param name="Value">Where it fires, in the metric's unit.</param>
/// <param name="Recovery">Where it stops firing, on the good side of <paramref name="Value"/>; null means at the threshold itself (no hysteresis).</param>
public sealed record AlertThreshold(AlertSeverity Severity, double Value, double? Recovery);

/// <summary>A period counted in blocks, in seconds, or both (both must have passed).</summary>
public sealed record AlertDuration(int Blocks = 0, int Seconds = 0)
{
    /// <summary>No period: immediately.</summary>
    public static readonly AlertDuration None = new();

    /// <summary>True when neither blocks nor seconds are set.</summary>
    public bool IsNone => Blocks == 0 && Seconds == 0;

    /// <summary>Whether the period has passed since <paramref name="sinceBlock"/>/<paramref name="since"/>.</summary>
    public bool HasPassed(ulong sinceBlock, DateTimeOffset since, ulong block, DateTimeOffset now) =>
        (Blocks == 0 || block >= sinceBlock + (ulong)Blocks) && (Seconds == 0 || now - since >= TimeSpan.FromSeconds(Seconds));

    /// <summary>In words: "3 blocks", "60 s", "none".</summary>
    public override string ToString() => (Blocks, Seconds) switch
    {
        (0, 0) => "none",
        (_, 0) => Blocks == 1 ? "1 block" : $"{Blocks} blocks",
        (0, _) => $"{Seconds} s",
        _ => $"{Blocks} blocks and {Seconds} s",
    };
}
