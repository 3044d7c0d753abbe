using System.ComponentModel.DataAnnotations;

namespace ExposureWeb.Engine.Alerts;

/// <summary>The <c>Alerts</c> section of appsettings.json: how the engine evaluates alert rules.</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>
    /// Blocks a transition's block must be below the head before it is confirmed and notified (0: at once, at the end of
    /// the block's cycle). A reorg deeper than this can no longer undo a transition; default 2.
    /// </summary>
    [Range(0, 1_000)]
    public int ConfirmationBlocks { get; set; } = 2;

    /// <summary>
    /// Health-factor points (one per evaluated block) the time-to-level metric fits its least-squares line through;
    /// at least 3, default 20.
    /// </summary>
    [Range(3, 10_000)]
    public int TrendBlocks { get; set; } = 20;

    /// <summary>
    /// An instance whose only change is its value is written to the database at most this often, in seconds (state changes
    /// are written at once); the engine holds the exact value in memory. 0 writes every value change. Default 60.
    /// </summary>
    [Range(0, 86_400)]
    public int ValueWriteSeconds { get; set; } = 60;
}
