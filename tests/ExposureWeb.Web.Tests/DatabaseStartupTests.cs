using ExposureWeb.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests;

[Collection(SharedAppCollection.Name)]
public sealed class DatabaseStartupTests(SharedApp app)
{
    private SqliteConnection Open()
    {
        // Pooling off: this connection must not keep the file open after the test.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = app.Factory.DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static List<string> Column(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(reader.GetString(0));
        return values;
    }

    [Fact]
    public async Task OpenConnection_AppContext_SqliteWaitsForABusyDatabaseItself()
    {
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";

        var timeout = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(SqliteBusyTimeout.Milliseconds, timeout);
    }

    [Fact]
    public void Start_DatabasePathConfigured_SqliteFileCreatedThere()
    {
        Assert.True(File.Exists(app.Factory.DatabasePath), $"no SQLite file at {app.Factory.DatabasePath}");
        using var file = File.OpenRead(app.Factory.DatabasePath);
        var header = new byte[16];
        file.ReadExactly(header);
        Assert.Equal("SQLite format 3\0", System.Text.Encoding.ASCII.GetString(header));
    }

    [Fact]
    public void Start_FreshDatabase_InitialMigrationRecordedAndItsTablesExist()
    {
        using var connection = Open();

        var applied = Column(connection, """SELECT "MigrationId" FROM "__EFMigrationsHistory" ORDER BY "MigrationId" """);
        var tables = Column(connection, "SELECT name FROM sqlite_master WHERE type = 'table'");

        Assert.Single(applied, id => id.EndsWith("_Initial", StringComparison.Ordinal));
        Assert.Contains("Portfolios", tables);
        Assert.Contains("WatchedAddresses", tables);
    }

    [Fact]
    public async Task Start_FreshDatabase_EveryMigrationOfTheAssemblyIsApplied()
    {
        var factory = app.Factory.Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        using var connection = Open();

        var applied = Column(connection, """SELECT "MigrationId" FROM "__EFMigrationsHistory" ORDER BY "MigrationId" """);

        Assert.Equal(db.Database.GetMigrations().Order(StringComparer.Ordinal), applied);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }
}
