using ExposureWeb.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ExposureWeb.Web.Tests;

/// <summary>
/// Every migration runs inside its transaction: a start killed midway leaves the database at the end of the last
/// migration that committed, and the next start completes it. A step SQLite cannot run in a transaction (a table rebuild
/// with foreign keys switched off) must not come back.
/// </summary>
public sealed class MigrationTransactionTests
{
    [Fact]
    public void Migrations_EverySqlCommand_RunsInsideTheMigrationsTransaction()
    {
        using var db = new ExposureDbContext(new DbContextOptionsBuilder<ExposureDbContext>().UseSqlite("Data Source=:memory:").Options);
        var assembly = db.GetService<IMigrationsAssembly>();
        var generator = db.GetService<IMigrationsSqlGenerator>();
        var model = db.GetService<Microsoft.EntityFrameworkCore.Metadata.IDesignTimeModel>().Model;

        var outside = new List<string>();
        foreach (var (id, type) in assembly.Migrations.OrderBy(m => m.Key))
        {
            var migration = assembly.CreateMigration(type, db.Database.ProviderName!);
            foreach (var command in generator.Generate(migration.UpOperations, model))
            {
                if (command.TransactionSuppressed) outside.Add($"{id}: {command.CommandText.Trim()}");
            }
        }

        Assert.True(outside.Count == 0, "run outside the transaction:\n" + string.Join("\n", outside));
    }

    [Fact]
    public async Task Migrate_FreshDatabase_WorkspaceReferenceOnPortfoliosCascades()
    {
        using var folder = new TempDirectory();
        var path = folder.PathOf("migrated.db");
        await using (var db = new ExposureDbContext(new DbContextOptionsBuilder<ExposureDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options))
        {
            await db.Database.MigrateAsync();
        }

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('Portfolios')";
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<(string, string, string, string)>();
        while (await reader.ReadAsync()) keys.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        Assert.Contains(("Workspaces", "WorkspaceId", "Id", "CASCADE"), keys);
    }
}
