using System.Globalization;
using ExposureWeb.Risk.Governance;
using MudBlazor;

namespace ExposureWeb.Components.Governance;

/// <summary>How the governance pages say things: proposal states, time left, health factors and parameter values with units.</summary>
public static class GovernanceDisplay
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>The chip colour of a Governor state: what still may happen stands out, what is over fades.</summary>
    public static Color StateColor(string? state) => state switch
    {
        "Pending" or "Active" => Color.Info,
        "Succeeded" => Color.Primary,
        "Queued" => Color.Warning,
        "Executed" => Color.Success,
        _ => Color.Default,
    };

    /// <summary>
    /// Time left before <paramref name="eta"/> at <paramref name="now"/>, e.g. <c>in 1 min 40 s</c>, <c>in 2 h 5 min</c>;
    /// <c>executable now</c> once it has passed; <c>—</c> without an ETA.
    /// </summary>
    public static string Countdown(DateTimeOffset? eta, DateTimeOffset now)
    {
        if (eta is not { } at) return "—";
        var left = at - now;
        if (left <= TimeSpan.Zero) return "executable now";
        // Whole seconds, rounded up: "in 0 s" would say it is executable when it is not yet.
        left = TimeSpan.FromSeconds(Math.Ceiling(left.TotalSeconds));
        return "in " + (left.TotalDays >= 1 ? $"{(int)left.TotalDays} d {left.Hours} h"
            : left.TotalHours >= 1 ? $"{(int)left.TotalHours} h {left.Minutes} min"
            : left.TotalMinutes >= 1 ? $"{(int)left.TotalMinutes} min {left.Seconds} s"
            : $"{left.Seconds} s");
    }

    /// <summary>A health factor (a ratio, liquidation below 1): four decimals, ∞ without debt, — without a lending account.</summary>
    public static string Hf(double? hf) => hf switch
    {
        null => "—",
        { } v when double.IsPositiveInfinity(v) => "∞ (no debt)",
        { } v when double.IsFinite(v) => v.ToString("0.0000", Culture),
        _ => "—",
    };

    /// <summary>A parameter's value with its unit; basis points also as a percentage (8300 bps = 83%).</summary>
    public static string Value(string? value, string unit)
    {
        if (value is null) return "∅";
        if (unit == ParameterUnits.BasisPoints && long.TryParse(value, NumberStyles.Integer, Culture, out var bps))
        {
            return $"{bps.ToString("#,##0", Culture)} bps ({(bps / 100.0).ToString("0.##", Culture)}%)";
        }
        if (unit == ParameterUnits.Tokens && long.TryParse(value, NumberStyles.Integer, Culture, out var tokens))
        {
            return tokens == 0 ? "0 tokens (no cap)" : $"{tokens.ToString("#,##0", Culture)} tokens";
        }
        // A flag or an address says what it is by itself.
        return unit.Length == 0 || unit is ParameterUnits.Flag or ParameterUnits.Address ? value : $"{value} {unit}";
    }

    /// <summary>A change as "before → after", each with its unit.</summary>
    public static string Shift(ParameterChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return $"{Value(change.Before, change.Unit)} → {Value(change.After, change.Unit)}";
    }

    /// <summary>A position id (protocol:chain:market:owner) as protocol · short owner, e.g. <c>aave-v3 · 0x7099…79C8</c>.</summary>
    public static string Position(string positionId)
    {
        ArgumentNullException.ThrowIfNull(positionId);
        var parts = positionId.Split(':');
        var owner = parts[^1];
        if (parts.Length < 3 || !owner.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) return positionId;
        // An account's owner (20 bytes), or a position key (a 32-byte hash, as GMX's).
        return owner.Length == 42 ? $"{parts[0]} · {Format.Address(owner)}" : $"{parts[0]} · {Hash(owner)}";
    }

    /// <summary>A long hex string shortened for display (the whole one goes in a title).</summary>
    public static string Hash(string? hex) => hex is null ? "—" : hex.Length > 18 ? hex[..10] + "…" + hex[^6..] : hex;
}
