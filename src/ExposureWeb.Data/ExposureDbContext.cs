using ExposureWeb.Data.Entities;
using ExposureWeb.Data.ManualPositions;
using Microsoft.EntityFrameworkCore;

namespace ExposureWeb.Data;

public sealed class ExposureDbContext(DbContextOptions<ExposureDbContext> options) : DbContext(options)
{
    public DbSet<Portfolio> Portfolios => Set<Portfolio>();

    public DbSet<WatchedAddress> WatchedAddresses => Set<WatchedAddress>();

    public DbSet<ManualPositionEntry> ManualPositions => Set<ManualPositionEntry>();

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
        modelBuilder.Entity<ManualPositionEntry>(e =>
        {
            e.ToTable("ManualPositions");
            e.HasOne<Portfolio>().WithMany().HasForeignKey(m => m.PortfolioId).OnDelete(DeleteBehavior.Cascade);
            // Enums as their names: readable in the file and safe if members are ever reordered.
            e.Property(m => m.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(m => m.Right).HasConversion<string>().HasMaxLength(8);
            e.Property(m => m.Label).HasMaxLength(ManualPositionValidator.MaxLabelLength);
            e.Property(m => m.Underlying).HasMaxLength(ManualPositionValidator.MaxUnderlyingLength);
        });
    }
}
