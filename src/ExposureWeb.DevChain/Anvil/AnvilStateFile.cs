using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ExposureWeb.DevChain.Anvil;

/// <summary>
/// anvil rewrites its state file every second in place, so a node killed mid-write leaves it cut short and a restart
/// from it fails ("EOF while parsing"). A copy known to parse is kept beside it (<see cref="Backup"/>), and a restart
/// first repairs the file from that copy (<see cref="Repair"/>).
/// </summary>
public static class AnvilStateFile
{
    public static string GoodCopyPath(string statePath) => statePath + ".good";

    /// <summary>Copies the state file to the good copy if the copy taken parses as JSON (anvil may be writing meanwhile).</summary>
    public static void Backup(string statePath)
    {
        if (!File.Exists(statePath)) return;
        var temporary = statePath + ".copying";
        try
        {
            File.Copy(statePath, temporary, overwrite: true);
            if (Parses(temporary)) File.Move(temporary, GoodCopyPath(statePath), overwrite: true);
        }
        catch (IOException)
        {
            // anvil was replacing the file as we copied it; the next round takes a copy.
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Makes the state file fit to start from: kept when it parses; else replaced by the good copy; else moved aside,
    /// so the node starts empty (and the demo is deployed again). Returns what was done, for the log; null when nothing.
    /// </summary>
    public static string? Repair(string statePath)
    {
        if (!File.Exists(statePath) || Parses(statePath)) return null;
        var good = GoodCopyPath(statePath);
        if (File.Exists(good) && Parses(good))
        {
            File.Copy(good, statePath, overwrite: true);
            return $"the state file was cut short when the node died; resuming from the copy of {File.GetLastWriteTimeUtc(good):u}";
        }
        var aside = $"{statePath}.broken-{DateTime.UtcNow:yyyyMMddHHmmss}";
        File.Move(statePath, aside, overwrite: true);
        return $"the state file was cut short and no good copy exists; it was moved to {aside} and the node starts empty";
    }

    private static bool Parses(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var _ = JsonDocument.Parse(stream);
            return true;
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
