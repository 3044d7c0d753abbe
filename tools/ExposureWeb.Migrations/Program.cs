using ExposureWeb.Data;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.EntityFrameworkCore.Sqlite.Design.Internal;
using Microsoft.Extensions.DependencyInjection;

// The same services `dotnet ef migrations add` uses, driven directly.
if (args is not ["add", var name])
{
    Console.Error.WriteLine("usage: dotnet run --project tools/ExposureWeb.Migrations -- add <MigrationName>");
    return 2;
}

var projectDir = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/ExposureWeb.Data"));
using var db = new DesignTimeDbContextFactory().CreateDbContext(args);

var services = new ServiceCollection();
services.AddEntityFrameworkDesignTimeServices();
services.AddDbContextDesignTimeServices(db);
#pragma warning disable EF1001 // the SQLite provider's design-time services are public but marked internal
new SqliteDesignTimeServices().ConfigureDesignTimeServices(services);
#pragma warning restore EF1001
using var provider = services.BuildServiceProvider();

var scaffolder = provider.GetRequiredService<IMigrationsScaffolder>();
var migration = scaffolder.ScaffoldMigration(name, "ExposureWeb.Data", subNamespace: "Migrations", language: "C#");
var files = scaffolder.Save(projectDir, migration, Path.Combine(projectDir, "Migrations"));
Console.WriteLine($"wrote {files.MigrationFile}");
Console.WriteLine($"wrote {files.SnapshotFile}");
return 0;
