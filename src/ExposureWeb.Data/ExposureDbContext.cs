using ExposureWeb.Data.Entities;
using ExposureWeb.Risk.ManualPositions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ExposureWeb.Data;

public sealed class ExposureDbContext(DbContextOptions<ExposureDbContext> options) : DbContext(options)
{
    /// <summary>Whether the demo workspace makes every user a viewer (<see cref="Accounts.DemoWorkspaceOptions"/>); visible unless the host says otherwise.</summary>
    internal bool DemoWorkspaceVisible { get; } = options.FindExtension<DemoWorkspaceOptionsExtension>()?.Visible ?? true;

    public DbSet<Portfolio> Portfolios => Set<Portfolio>();

    public DbSet<WatchedAddress> WatchedAddresses => Set<WatchedAddress>();

    public DbSet<ManualPositionEntry> ManualPositions => Set<ManualPositionEntry>();

    public DbSet<User> Users => Set<User>();

    public DbSet<Workspace> Workspaces => Set<Workspace>();

    public DbSet<WorkspaceMember> WorkspaceMembers => Set<WorkspaceMember>();

    public DbSet<SignInNonce> SignInNonces => Set<SignInNonce>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<UserSession> UserSessions => Set<UserSession>();

    public DbSet<GreeksHistoryEntry> GreeksHistory => Set<GreeksHistoryEntry>();

    public DbSet<AlertRule> AlertRules => Set<AlertRule>();

    public DbSet<AlertInstanceEntry> AlertInstances => Set<AlertInstanceEntry>();

    public DbSet<AlertTransitionEntry> AlertTransitions => Set<AlertTransitionEntry>();

    public DbSet<AlertDestination> AlertDestinations => Set<AlertDestination>();

    public DbSet<AlertNotification> AlertNotifications => Set<AlertNotification>();

    public DbSet<AlertDeliveryAttempt> AlertDeliveryAttempts => Set<AlertDeliveryAttempt>();

    public DbSet<AlertInboxEntry> AlertInbox => Set<AlertInboxEntry>();

    public DbSet<AlertSilence> AlertSilences => Set<AlertSilence>();

    public DbSet<AlertMuteTiming> AlertMuteTimings => Set<AlertMuteTiming>();

    public DbSet<AlertPolicyEntry> AlertPolicies => Set<AlertPolicyEntry>();

    public DbSet<StressRun> StressRuns => Set<StressRun>();

    public DbSet<StressSchedule> StressSchedules => Set<StressSchedule>();

    public DbSet<Strategy> Strategies => Set<Strategy>();

    public DbSet<GovernanceScanState> GovernanceScans => Set<GovernanceScanState>();

    public DbSet<GovernanceParameterSnapshot> GovernanceSnapshots => Set<GovernanceParameterSnapshot>();

    public DbSet<GovernanceProposalEntry> GovernanceProposals => Set<GovernanceProposalEntry>();

    public DbSet<GovernanceReport> GovernanceReports => Set<GovernanceReport>();

    public DbSet<GovernanceReportPortfolio> GovernanceReportPortfolios => Set<GovernanceReportPortfolio>();

    public DbSet<WorkspaceInvitation> WorkspaceInvitations => Set<WorkspaceInvitation>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public DbSet<Dashboard> Dashboards => Set<Dashboard>();

    public DbSet<ShareLink> ShareLinks => Set<ShareLink>();
    public DbSet<DashboardSnapshot> DashboardSnapshots => Set<DashboardSnapshot>();

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
        modelBuilder.Entity<WorkspaceInvitation>(e =>
        {
            e.HasOne(i => i.Workspace).WithMany().HasForeignKey(i => i.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            e.Property(i => i.Address).HasMaxLength(42);
            e.Property(i => i.LinkHash).HasMaxLength(64);
            e.Property(i => i.Role).HasConversion<string>().HasMaxLength(16);
            // Ticks, so SQLite compares expiry in the query.
            e.Property(i => i.ExpiresAt).HasConversion(new DateTimeOffsetToBinaryConverter());
            e.HasIndex(i => i.LinkHash).IsUnique();
            e.HasIndex(i => new { i.Address, i.AcceptedAt });
            e.HasIndex(i => i.WorkspaceId);
        });
        modelBuilder.Entity<Dashboard>(e =>
        {
            e.HasOne(d => d.Workspace).WithMany().HasForeignKey(d => d.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Portfolio>().WithMany().HasForeignKey(d => d.DefaultForPortfolioId).OnDelete(DeleteBehavior.Cascade);
            e.Property(d => d.Name).HasMaxLength(100);
            e.Property(d => d.Version).IsConcurrencyToken();
            e.HasIndex(d => d.DefaultForPortfolioId).IsUnique();
            e.HasIndex(d => d.WorkspaceId);
        });
        modelBuilder.Entity<ShareLink>(e =>
        {
            e.HasOne(l => l.Dashboard).WithMany().HasForeignKey(l => l.DashboardId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(l => l.Snapshot).WithMany().HasForeignKey(l => l.SnapshotId).OnDelete(DeleteBehavior.Cascade);
            e.ToTable(t => t.HasCheckConstraint("CK_ShareLinks_OneTarget", "(\"DashboardId\" IS NULL) <> (\"SnapshotId\" IS NULL)"));
            e.HasOne<Workspace>().WithMany().HasForeignKey(l => l.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            e.Property(l => l.TokenHash).HasMaxLength(64);
            e.Property(l => l.TokenHint).HasMaxLength(8);
            e.Property(l => l.Label).HasMaxLength(100);
            e.Property(l => l.Audience).HasConversion<string>().HasMaxLength(16);
            e.Property(l => l.Addresses).HasMaxLength(Sharing.ShareLinkRules.MaxAddresses * 43);
            e.Property(l => l.PinnedUnderlying).HasMaxLength(16);
            // Ticks, so SQLite compares expiry in the query.
            e.Property(l => l.ExpiresAt).HasConversion(new DateTimeOffsetToBinaryConverter());
            e.HasIndex(l => l.TokenHash).IsUnique();
            e.HasIndex(l => l.WorkspaceId);
            e.HasIndex(l => l.DashboardId);
            e.HasIndex(l => l.SnapshotId);
        });
        modelBuilder.Entity<DashboardSnapshot>(e =>
        {
            e.HasOne(s => s.Workspace).WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            // A snapshot outlives its dashboard: that is what it is for.
            e.HasOne<Dashboard>().WithMany().HasForeignKey(s => s.DashboardId).OnDelete(DeleteBehavior.SetNull);
            e.Property(s => s.Name).HasMaxLength(100);
            e.Property(s => s.ChainName).HasMaxLength(64);
            e.Property(s => s.TakenByAddress).HasMaxLength(42);
            // UTC ticks: the cleanup and every read compare expiries in SQL.
            e.Property(s => s.ExpiresAt).HasConversion(new DateTimeOffsetToBinaryConverter());
            e.Property(s => s.TakenAt).HasConversion(new DateTimeOffsetToBinaryConverter());
            e.HasIndex(s => new { s.WorkspaceId, s.Id });
            e.HasIndex(s => s.DashboardId);
            e.HasIndex(s => s.ExpiresAt);
        });
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.HasOne(a => a.Workspace).WithMany().HasForeignKey(a => a.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            e.Property(a => a.Action).HasMaxLength(48);
            e.Property(a => a.ActorAddress).HasMaxLength(42);
            e.Property(a => a.ClientAddress).HasMaxLength(64);
            e.Property(a => a.Subject).HasMaxLength(200);
            e.Property(a => a.Detail).HasMaxLength(500);
            e.HasIndex(a => new { a.WorkspaceId, a.Id });
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
        modelBuilder.Entity<UserSession>(e =>
        {
            e.Property(s => s.Id).HasMaxLength(32);
            e.Property(s => s.ClientAddress).HasMaxLength(64);
            e.Property(s => s.UserAgent).HasMaxLength(Accounts.UserSessionStore.MaxUserAgentLength);
            // UTC ticks: the store compares them (idle sessions, retention).
            e.Property(s => s.CreatedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
            e.Property(s => s.LastSeenAt).HasConversion(new DateTimeOffsetToBinaryConverter());
            e.Property(s => s.RevokedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
            e.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(s => new { s.UserId, s.LastSeenAt });
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
        ConfigureAlerts(modelBuilder);
        ConfigureGovernance(modelBuilder);
        ConfigureStressAndStrategies(modelBuilder);
    }

    private static void ConfigureStressAndStrategies(ModelBuilder modelBuilder)
    {
        var ticks = new DateTimeOffsetToBinaryConverter();
        modelBuilder.Entity<StressRun>(e =>
        {
            e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.Step).HasMaxLength(200);
            e.Property(r => r.Error).HasMaxLength(2000);
            e.Property(r => r.BlockTime).HasConversion(ticks);
            e.Property(r => r.CreatedAt).HasConversion(ticks);
            e.Property(r => r.StartedAt).HasConversion(ticks);
            e.Property(r => r.FinishedAt).HasConversion(ticks);
            e.HasOne<Portfolio>().WithMany().HasForeignKey(r => r.PortfolioId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<StressSchedule>().WithMany().HasForeignKey(r => r.ScheduleId).OnDelete(DeleteBehavior.SetNull);
            e.HasIndex(r => new { r.PortfolioId, r.CreatedAt });
            e.HasIndex(r => r.State);
        });
        modelBuilder.Entity<StressSchedule>(e =>
        {
            e.Property(s => s.Name).HasMaxLength(100);
            e.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(s => s.Cron).HasMaxLength(100);
            e.Property(s => s.TimeZone).HasMaxLength(64);
            e.Property(s => s.CreatedAt).HasConversion(ticks);
            e.Property(s => s.UpdatedAt).HasConversion(ticks);
            e.HasOne<Portfolio>().WithMany().HasForeignKey(s => s.PortfolioId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Strategy>(e =>
        {
            e.Property(s => s.Name).HasMaxLength(100);
            e.Property(s => s.Kind).HasConversion<string>().HasMaxLength(24);
            e.Property(s => s.CreatedAt).HasConversion(ticks);
            e.Property(s => s.UpdatedAt).HasConversion(ticks);
            e.HasOne<Portfolio>().WithMany().HasForeignKey(s => s.PortfolioId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(s => s.PortfolioId);
        });
    }

    private static void ConfigureGovernance(ModelBuilder modelBuilder)
    {
        // Times as UTC ticks: SQLite orders and compares them as numbers.
        var ticks = new DateTimeOffsetToBinaryConverter();
        modelBuilder.Entity<GovernanceScanState>(e =>
        {
            e.ToTable("GovernanceScans");
            e.HasKey(s => s.ChainName);
            e.Property(s => s.ChainName).HasMaxLength(64);
            e.Property(s => s.LeaseHolder).HasMaxLength(64);
            e.Property(s => s.LastScanAt).HasConversion(ticks);
            e.Property(s => s.LeaseExpiresAt).HasConversion(ticks);
        });
        modelBuilder.Entity<GovernanceParameterSnapshot>(e =>
        {
            e.ToTable("GovernanceSnapshots");
            e.Property(s => s.ChainName).HasMaxLength(64);
            e.Property(s => s.Protocol).HasMaxLength(32);
            e.Property(s => s.Market).HasMaxLength(42);
            e.Property(s => s.Fingerprint).HasMaxLength(64);
            e.Property(s => s.BlockTime).HasConversion(ticks);
            e.Property(s => s.CreatedAt).HasConversion(ticks);
            e.HasIndex(s => new { s.ChainName, s.Protocol, s.Market, s.BlockNumber });
        });
        modelBuilder.Entity<GovernanceProposalEntry>(e =>
        {
            e.ToTable("GovernanceProposals");
            e.Property(p => p.ChainName).HasMaxLength(64);
            e.Property(p => p.Governor).HasMaxLength(42);
            e.Property(p => p.ProposalId).HasMaxLength(80);
            e.Property(p => p.Proposer).HasMaxLength(42);
            e.Property(p => p.CalldataHash).HasMaxLength(66);
            e.Property(p => p.State).HasMaxLength(16);
            e.Property(p => p.CreatedTransaction).HasMaxLength(66);
            e.Property(p => p.Eta).HasConversion(ticks);
            e.Property(p => p.DetectedAt).HasConversion(ticks);
            e.Property(p => p.UpdatedAt).HasConversion(ticks);
            e.HasIndex(p => new { p.ChainName, p.Governor, p.ProposalId }).IsUnique();
        });
        modelBuilder.Entity<GovernanceReport>(e =>
        {
            e.ToTable("GovernanceReports");
            e.Property(r => r.ChainName).HasMaxLength(64);
            e.Property(r => r.Kind).HasMaxLength(16);
            e.Property(r => r.ProposalState).HasMaxLength(16);
            e.Property(r => r.Title).HasMaxLength(300);
            e.Property(r => r.CalldataHash).HasMaxLength(66);
            e.Property(r => r.Eta).HasConversion(ticks);
            e.Property(r => r.CreatedAt).HasConversion(ticks);
            e.HasOne<GovernanceProposalEntry>().WithMany().HasForeignKey(r => r.ProposalEntryId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<User>().WithMany().HasForeignKey(r => r.CreatedByUserId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.ChainName, r.CreatedAt });
        });
        modelBuilder.Entity<GovernanceReportPortfolio>(e =>
        {
            e.ToTable("GovernanceReportPortfolios");
            e.HasKey(r => new { r.ReportId, r.PortfolioId });
            e.HasOne<GovernanceReport>().WithMany().HasForeignKey(r => r.ReportId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Portfolio>().WithMany().HasForeignKey(r => r.PortfolioId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => r.PortfolioId);
        });
    }

    private static void ConfigureAlerts(ModelBuilder modelBuilder)
    {
        // Times that queries compare (due notifications, history ranges) are UTC ticks: SQLite cannot order DateTimeOffset text.
        var ticks = new DateTimeOffsetToBinaryConverter();
        modelBuilder.Entity<AlertRule>(e =>
        {
            e.Property(r => r.Name).HasMaxLength(Risk.Alerts.AlertRuleValidator.MaxNameLength);
            e.HasOne<Workspace>().WithMany().HasForeignKey(r => r.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Portfolio>().WithMany().HasForeignKey(r => r.PortfolioId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.WorkspaceId, r.PortfolioId });
        });
        modelBuilder.Entity<AlertInstanceEntry>(e =>
        {
            e.ToTable("AlertInstances");
            e.HasOne<AlertRule>().WithMany().HasForeignKey(i => i.RuleId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Portfolio>().WithMany().HasForeignKey(i => i.PortfolioId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(i => new { i.RuleId, i.SeriesKey }).IsUnique();
            e.HasIndex(i => i.PortfolioId);
            e.Property(i => i.SeriesKey).HasMaxLength(300);
            e.Property(i => i.Label).HasMaxLength(300);
            e.Property(i => i.State).HasMaxLength(16);
            e.Property(i => i.Severity).HasMaxLength(16);
        });
        modelBuilder.Entity<AlertTransitionEntry>(e =>
        {
            e.ToTable("AlertTransitions");
            e.HasOne<AlertInstanceEntry>().WithMany().HasForeignKey(t => t.InstanceId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(t => new { t.InstanceId, t.BlockNumber });
            // The confirmation sweep reads the unconfirmed ones of a portfolio up to a block.
            e.HasIndex(t => new { t.Status, t.PortfolioId, t.BlockNumber });
            e.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(t => t.BlockTime).HasConversion(ticks);
            e.Property(t => t.FromState).HasMaxLength(16);
            e.Property(t => t.ToState).HasMaxLength(16);
            e.Property(t => t.FromSeverity).HasMaxLength(16);
            e.Property(t => t.ToSeverity).HasMaxLength(16);
            e.Property(t => t.Kind).HasMaxLength(32);
            e.Property(t => t.BlockHash).HasMaxLength(66);
        });
        modelBuilder.Entity<AlertDestination>(e =>
        {
            e.HasOne<Workspace>().WithMany().HasForeignKey(d => d.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            e.Property(d => d.Name).HasMaxLength(100);
            e.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(d => d.Target).HasMaxLength(2000);
            e.Property(d => d.Secret).HasMaxLength(200);
            e.Property(d => d.SecondarySecret).HasMaxLength(200);
        });
        modelBuilder.Entity<AlertNotification>(e =>
        {
            e.HasOne<AlertTransitionEntry>().WithMany().HasForeignKey(n => n.TransitionId).OnDelete(DeleteBehavior.Cascade);
            e.Property(n => n.Channel).HasConversion<string>().HasMaxLength(16);
            e.Property(n => n.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(n => n.IdempotencyKey).HasMaxLength(100);
            // One row per transition and destination, even if the confirmation runs twice (at-least-once).
            e.HasIndex(n => new { n.IdempotencyKey, n.Channel, n.DestinationId }).IsUnique();
            // SQLite and PostgreSQL treat NULLs as distinct, so the index above lets in-app rows (no destination) repeat.
            e.HasIndex(n => new { n.IdempotencyKey, n.Channel }).IsUnique().HasFilter("\"DestinationId\" IS NULL")
                .HasDatabaseName("IX_AlertNotifications_IdempotencyKey_Channel_NoDestination");
            e.HasIndex(n => new { n.Status, n.NextAttemptAt });
            e.HasIndex(n => n.RuleId);
            e.Property(n => n.NextAttemptAt).HasConversion(ticks);
            e.Property(n => n.CreatedAt).HasConversion(ticks);
        });
        modelBuilder.Entity<AlertDeliveryAttempt>(e =>
        {
            e.HasOne<AlertNotification>().WithMany().HasForeignKey(a => a.NotificationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(a => a.NotificationId);
            e.Property(a => a.Error).HasMaxLength(2000);
        });
        modelBuilder.Entity<AlertInboxEntry>(e =>
        {
            e.ToTable("AlertInbox");
            e.HasOne<User>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<AlertNotification>().WithMany().HasForeignKey(i => i.NotificationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(i => new { i.UserId, i.AcknowledgedAt });
            e.HasIndex(i => new { i.UserId, i.NotificationId }).IsUnique();
            e.Property(i => i.Title).HasMaxLength(300);
            e.Property(i => i.Body).HasMaxLength(2000);
            e.Property(i => i.Severity).HasMaxLength(16);
            e.Property(i => i.CreatedAt).HasConversion(ticks);
        });
        modelBuilder.Entity<AlertSilence>(e =>
        {
            e.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            // The outbox reads a workspace's silences that have not ended.
            e.HasIndex(s => new { s.WorkspaceId, s.EndsAt });
            e.Property(s => s.MatchersJson).HasMaxLength(20_000);
            e.Property(s => s.Comment).HasMaxLength(Risk.Alerts.AlertSilenceRules.MaxCommentLength);
            e.Property(s => s.StartsAt).HasConversion(ticks);
            e.Property(s => s.EndsAt).HasConversion(ticks);
            e.Property(s => s.CreatedAt).HasConversion(ticks);
        });
        modelBuilder.Entity<AlertMuteTiming>(e =>
        {
            e.HasOne<Workspace>().WithMany().HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(m => m.WorkspaceId);
            e.Property(m => m.Name).HasMaxLength(Risk.Alerts.AlertMuteTimingRules.MaxNameLength);
            e.Property(m => m.TimeZone).HasMaxLength(100);
            e.Property(m => m.IntervalsJson).HasMaxLength(10_000);
        });
        modelBuilder.Entity<AlertPolicyEntry>(e =>
        {
            e.ToTable("AlertPolicies");
            e.HasKey(p => p.WorkspaceId);
            e.HasOne<Workspace>().WithMany().HasForeignKey(p => p.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            e.Property(p => p.GroupByJson).HasMaxLength(1000);
        });
    }
}
