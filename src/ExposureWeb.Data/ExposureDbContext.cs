using ExposureWeb.Data.Entities;
using ExposureWeb.Risk.ManualPositions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ExposureWeb.Data;

public sealed class ExposureDbContext(DbContextOptions<ExposureDbContext> options) : DbContext(options)
{
    public DbSet<Portfolio> Portfolios => Set<Portfolio>();

    public DbSet<WatchedAddress> WatchedAddresses => Set<WatchedAddress>();

    public DbSet<ManualPositionEntry> ManualPositions => Set<ManualPositionEntry>();

    public DbSet<User> Users => Set<User>();

    public DbSet<Workspace> Workspaces => Set<Workspace>();

    public DbSet<WorkspaceMember> WorkspaceMembers => Set<WorkspaceMember>();

    public DbSet<SignInNonce> SignInNonces => Set<SignInNonce>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<GreeksHistoryEntry> GreeksHistory => Set<GreeksHistoryEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Portfolio>(e =>
        {
            e.Property(p => p.Name).HasMaxLength(100);
            e.Property(p => p.ChainName).HasMaxLength(64);
            e.HasMany(p => p.Addresses).WithOne(a => a.Portfolio).HasForeignKey(a => a.PortfolioId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(p => p.Workspace).WithMany(w => w.Portfolios).HasForeignKey(p => p.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<User>(e =>
        {
            e.Property(u => u.Address).HasMaxLength(42);
            e.HasIndex(u => u.Address).IsUnique();
        });
        modelBuilder.Entity<Workspace>(e => e.Property(w => w.Name).HasMaxLength(100));
        modelBuilder.Entity<WorkspaceMember>(e =>
        {
            e.HasKey(m => new { m.WorkspaceId, m.UserId });
            e.HasOne(m => m.Workspace).WithMany(w => w.Members).HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(m => m.User).WithMany(u => u.Memberships).HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
            e.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        });
        modelBuilder.Entity<SignInNonce>(e =>
        {
            e.HasKey(n => n.Value);
            e.Property(n => n.Value).HasMaxLength(64);
            e.Property(n => n.Address).HasMaxLength(42);
            // Stored as UTC ticks so SQLite can compare them when expired nonces are purged.
            e.Property(n => n.ExpiresAt).HasConversion(new DateTimeOffsetToBinaryConverter());
            e.HasIndex(n => n.ExpiresAt);
        });
        modelBuilder.Entity<ApiToken>(e =>
        {
            e.Property(t => t.Name).HasMaxLength(100);
            e.Property(t => t.SecretHash).HasMaxLength(64);
            e.Property(t => t.Prefix).HasMaxLength(16);
            e.HasIndex(t => t.SecretHash).IsUnique();
            e.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
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
        modelBuilder.Entity<GreeksHistoryEntry>(e =>
        {
            e.ToTable("GreeksHistory");
            // The key is the (portfolio, block) index: a portfolio's points are read newest first, replaced from a block
            // up after a reorg and pruned below a block, all as ranges of it. No surrogate id: nothing refers to a point.
            e.HasKey(g => new { g.PortfolioId, g.BlockNumber });
            e.HasOne<Portfolio>().WithMany().HasForeignKey(g => g.PortfolioId).OnDelete(DeleteBehavior.Cascade);
            // UTC ticks, so SQLite compares them when points past the retention age are deleted (one range of this index).
            e.Property(g => g.BlockTime).HasConversion(new DateTimeOffsetToBinaryConverter());
            e.HasIndex(g => g.BlockTime);
        });
    }
}
