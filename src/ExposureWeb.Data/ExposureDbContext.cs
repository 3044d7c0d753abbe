using ExposureWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ExposureWeb.Data;

public sealed class ExposureDbContext(DbContextOptions<ExposureDbContext> options) : DbContext(options)
{
    public DbSet<Portfolio> Portfolios => Set<Portfolio>();

    public DbSet<WatchedAddress> WatchedAddresses => Set<WatchedAddress>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Portfolio>(e =>
        {
            e.Property(p => p.Name).HasMaxLength(100);
            e.Property(p => p.ChainName).HasMaxLength(64);
            e.HasMany(p => p.Addresses).WithOne(a => a.Portfolio).HasForeignKey(a => a.PortfolioId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<WatchedAddress>(e =>
        {
            e.Property(a => a.Address).HasMaxLength(42);
            e.Property(a => a.Label).HasMaxLength(100);
            e.HasIndex(a => new { a.PortfolioId, a.Address }).IsUnique();
        });
    }
}
