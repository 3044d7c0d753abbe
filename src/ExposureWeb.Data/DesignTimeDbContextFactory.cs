using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ExposureWeb.Data;

/// <summary>Used only by the migration scaffolder (tools/ExposureWeb.Migrations).</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ExposureDbContext>
{
    public ExposureDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ExposureDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
