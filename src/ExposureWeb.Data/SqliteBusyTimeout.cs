using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ExposureWeb.Data;

/// <summary>
/// Gives every SQLite connection SQLite's own busy timeout. Microsoft.Data.Sqlite retries a busy database in managed code
/// around a command's first step only; a write whose statement finishes later (an INSERT … RETURNING that EF reads, then
/// resets) got SQLITE_BUSY straight back while another connection held the lock, and the save failed with "database is
/// locked" at once (dotnet/efcore#36295, fixed only in EF 11). With the native timeout SQLite itself waits for the lock,
/// everywhere, up to the same 30 s a command waits.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public const int Milliseconds = 30_000;

    private const string Pragma = "PRAGMA busy_timeout = 30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }
}
