namespace ExposureWeb.Risk.Alerts;

/// <summary>Keys of the errors <see cref="AlertRuleValidator"/> returns: the form shows each beside its field.</summary>
public static class AlertRuleField
{
    /// <summary>The Name field.</summary>
    public const string Name = "name";
    /// <summary>The Metric field.</summary>
    public const string Metric = "metric";
    /// <summary>The Scope field.</summary>
    public const string Scope = "scope";
    /// <summary>The Underlying field.</summary>
    public const string Underlying = "underlying";
    /// <summary>The PositionId field.</summary>
    public const string PositionId = "positionId";
    /// <summary>The Condition field.</summary>
    public const string Condition = "condition";
    /// <summary>The Thresholds field.</summary>
    public const string Thresholds = "thresholds";
    /// <summary>The PendingFor field.</summary>
    public const string PendingFor = "pendingFor";
    /// <summary>The KeepFiringFor field.</summary>
    public const string KeepFiringFor = "keepFiringFor";
    /// <summary>The Level field.</summary>
    public const string Level = "level";
    /// <summary>The Destinations field.</summary>
    public const string Destinations = "destinationIds";
    /// <summary>The MuteTimingIds field.</summary>
    public const string MuteTimings = "muteTimingIds";

    /// <summary>The value of threshold <paramref name="index"/> (0-based).</summary>
    public static string ThresholdValue(int index) => $"thresholds[{index}].value";

    /// <summary>The recovery threshold of threshold <paramref name="index"/> (0-based).</summary>
    public static string ThresholdRecovery(int index) => $"thresholds[{index}].recovery";
}
