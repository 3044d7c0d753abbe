using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ExposureWeb.DevChain.Anvil;

/// <summary>
/// A state file the node cannot start from (edited by hand, a disk that filled up, a file from an older anvil) is
/// moved aside, so the node starts empty and the demo is deployed again instead of every start failing. Files written
/// by <see cref="AnvilStateStore"/> are replaced whole, so they are never cut short by a kill.
/// </summary>
public static class AnvilStateFile
{
    /// <summary>
    /// Makes the state file fit to start from: kept when it parses as a JSON object; else moved aside. Returns what was
    /// done, for the log; null when nothing.
    /// </summary>
    public static string? Repair(string statePath)
    {
        if (!File.Exists(statePath) || Parses(statePath)) return null;
        var aside = $"{statePath}.broken-{DateTime.UtcNow:yyyyMMddHHmmss}";
        File.Move(statePath, aside, overwrite: true);
        return $"the state file does not parse; it was moved to {aside} and the node starts empty";
    }

    private static bool Parses(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    internal static void LogRepair(ILogger logger, string statePath)
    {
        if (Repair(statePath) is { } what) logger.LogWarning("Dev chain: {What}", what);
    }
}
