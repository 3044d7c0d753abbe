using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace ExposureWeb.E2E;

/// <summary>
/// The app killed (SIGKILL) while it migrates a fresh database, again and again: every migration is one transaction, so
/// each start finds the database at a migration boundary and completes it; the end is the schema of a clean start.
/// </summary>
public sealed partial class MigrationKillTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> NoChain = new() { ["DevChain:Enabled"] = "false" };

    [Fact]
    public async Task Start_KilledWhileMigrating_NextStartCompletesToTheCleanSchema()
    {
        var app = AppProcess.Start(NoChain);
        try
        {
            // The kill lands at a varying moment after the migrations start (the jitter is the point: not a wait).
            var jitter = new Random(20261207);
            for (var kill = 0; kill < 5; kill++)
            {
                await Poll.UntilAsync(() => Applying().IsMatch(app.Log) || app.Log.Contains("Application started", StringComparison.Ordinal),
                    "the start to reach the migrations", TimeSpan.FromSeconds(60));
                var applying = Applying().Match(app.Log);
                output.WriteLine(applying.Success ? $"start {kill + 1}: {applying.Groups[1].Value} migration(s) to apply" : $"start {kill + 1}: nothing to apply");
                if (!applying.Success) break;
                await Task.Delay(jitter.Next(0, 1500));
                await app.CrashAsync();
                app = await app.RestartAsync(TimeSpan.FromSeconds(5));
            }
            try
            {
                await WaitLiveAsync(app);
            }
            catch
            {
                output.WriteLine(app.Log);
                throw;
            }
            Assert.DoesNotContain("partially applied", app.Log, StringComparison.OrdinalIgnoreCase);
            var path = Path.Combine(app.WorkDir, "e2e.db");
            await app.StopAsync(TimeSpan.FromSeconds(30));

            await using var clean = AppProcess.Start(NoChain);
            await WaitLiveAsync(clean);
            var cleanPath = Path.Combine(clean.WorkDir, "e2e.db");
            await clean.StopAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(Schema(cleanPath), Schema(path));
            Assert.Equal(Migrations(cleanPath), Migrations(path));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task WaitLiveAsync(AppProcess app)
    {
        using var http = new HttpClient { BaseAddress = app.BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        await Poll.UntilAsync(async () =>
        {
            try
            {
                return (await http.GetAsync("/health/live")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the app serving", TimeSpan.FromSeconds(60));
    }

    private static List<string> Schema(string path) => Query(path, "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name");

    private static List<string> Migrations(string path) => Query(path, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId");

    private static List<string> Query(string path, string sql)
    {
        SQLitePCL.Batteries_V2.Init();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(reader.GetString(0));
        return rows;
    }

    [GeneratedRegex(@"Applying (\d+) database migration")]
    private static partial Regex Applying();
}
