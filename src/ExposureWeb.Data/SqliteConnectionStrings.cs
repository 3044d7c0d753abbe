using Microsoft.Data.Sqlite;

namespace ExposureWeb.Data;

public static class SqliteConnectionStrings
{
    /// <summary>Connection string for a SQLite file, creating its folder; relative paths resolve against <paramref name="baseDirectory"/>.</summary>
    public static string ForFile(string path, string baseDirectory)
    {
        var full = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return new SqliteConnectionStringBuilder { DataSource = full, Pooling = true }.ToString();
    }
}
