using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ExposureWeb.Data;

/// <summary>Applies pending migrations before anything else reads the database.</summary>
internal sealed class DatabaseMigrator(IDbContextFactory<ExposureDbContext> factory, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await ReleaseStaleSqliteLockAsync(db, cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} database migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        }
        await db.Database.MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// EF Core takes a migration lock before migrating: on SQLite, a row in <c>__EFMigrationsLock</c>, which a start
    /// killed while migrating leaves behind — and the next start then waits for it forever (found by killing the app
    /// mid-migration). A SQLite database belongs to one app instance (scale-out uses PostgreSQL, whose lock dies with its
    /// session), so a lock found at start is a dead start's: it is released, and said so.
    /// </summary>
    private async Task ReleaseStaleSqliteLockAsync(ExposureDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite()) return;
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var exists = connection.CreateCommand();
            exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'";
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0) return;
            await using var release = connection.CreateCommand();
            release.CommandText = "DELETE FROM \"__EFMigrationsLock\"";
            var released = await release.ExecuteNonQueryAsync(ct);
            if (released > 0) logger.LogWarning("A previous start stopped while migrating the database; its migration lock is released and the migrations resume");
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
