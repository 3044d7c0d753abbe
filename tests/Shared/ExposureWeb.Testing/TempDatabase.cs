using Microsoft.Data.Sqlite;

namespace ExposureWeb.Testing;

/// <summary>
/// A real SQLite file (<see cref="Path"/>, not created until the app under test opens it) in a temporary folder of its
/// own, deleted at the end together with the pooled connections that hold it open.
/// </summary>
public sealed class TempDatabase : IDisposable
{
    private readonly TempDirectory _folder = new();

    public string Path => _folder.PathOf("exposureweb.db");

    /// <summary>Call after the host that used the database has stopped.</summary>
    public void Dispose()
    {
        // Microsoft.Data.Sqlite pools connections (and so keeps the file open) after the host has let them go.
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
