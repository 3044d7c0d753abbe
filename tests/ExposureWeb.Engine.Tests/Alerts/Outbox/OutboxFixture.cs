using System.Collections.Concurrent;
using ExposureWeb.Data;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Alerts;
using ExposureWeb.Engine.Alerts.Delivery;
using ExposureWeb.Engine.Alerts.Outbox;
using ExposureWeb.Risk.Alerts;
using ExposureWeb.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ExposureWeb.Engine.Tests.Alerts.Outbox;

/// <summary>Keeps every toast and state change the outbox and engine publish.</summary>
public sealed class RecordingAlertPublisher : IAlertPublisher
{
    public ConcurrentQueue<AlertToast> Toasts { get; } = new();

    public Task PublishAlertStatesAsync(int portfolioId, IReadOnlyList<AlertInstanceView> changed, CancellationToken ct) => Task.CompletedTask;

    public Task PublishToastAsync(AlertToast toast, CancellationToken ct)
    {
        Toasts.Enqueue(toast);
        return Task.CompletedTask;
    }
}

/// <summary>
/// A migrated SQLite database with one workspace (two members), a portfolio, a rule with one confirmed transition, and an
/// outbox processor whose clock the test moves (backoff waits are virtual; the network and SMTP are real).
/// </summary>
internal sealed class OutboxFixture : IAsyncDisposable
{
    private readonly TempDatabase _database = new();
    private IHost _host = null!;

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public RecordingAlertPublisher Publisher { get; } = new();

    public int WorkspaceId { get; private set; }

    public int[] MemberIds { get; private set; } = [];

    public int PortfolioId { get; private set; }

    public int RuleId { get; private set; }

    public long TransitionId { get; private set; }

    public long InstanceId { get; private set; }

    public IServiceProvider Services => _host.Services;

    public IDbContextFactory<ExposureDbContext> Db => Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>();

    public static async Task<OutboxFixture> StartAsync(int smtpPort = 1, int maxAttempts = 4)
    {
        var fixture = new OutboxFixture();
        var builder = TestHost.CreateBuilder(new Dictionary<string, string?>
        {
            ["Database:Path"] = fixture._database.Path,
            ["Alerts:Delivery:MaxAttempts"] = maxAttempts.ToString(),
            ["Alerts:Delivery:BaseDelaySeconds"] = "2",
            ["Alerts:Delivery:MaxDelaySeconds"] = "8",
            ["Alerts:Delivery:TimeoutSeconds"] = "5",
            ["Alerts:Delivery:WebhookAllowList:0"] = "127.0.0.1",
            ["Alerts:Delivery:PublicBaseUrl"] = "https://risk.example.com",
            ["Alerts:Delivery:Smtp:Host"] = "127.0.0.1",
            ["Alerts:Delivery:Smtp:Port"] = smtpPort.ToString(),
            ["Alerts:Delivery:Smtp:Security"] = "None",
            ["Alerts:Delivery:Smtp:From"] = "ExposureWeb alerts <alerts@exposureweb.example>",
        });
        builder.Services.AddSingleton<TimeProvider>(fixture.Time);
        builder.AddExposureData();
        builder.AddAlertDelivery();
        builder.Services.AddSingleton<IAlertPublisher>(fixture.Publisher);
        builder.Services.AddSingleton<AlertOutboxProcessor>();
        builder.Services.AddSingleton<AlertRepeater>();
        fixture._host = builder.Build();
        await fixture._host.StartAsync();
        await fixture.SeedAsync();
        return fixture;
    }

    /// <summary>A second processor on the same database, as another server process would have.</summary>
    public AlertOutboxProcessor NewProcessor() => ActivatorUtilities.CreateInstance<AlertOutboxProcessor>(Services);

    public AlertOutboxProcessor Processor => Services.GetRequiredService<AlertOutboxProcessor>();

    /// <summary>The store behind the deliveries page and the replay API.</summary>
    public AlertHistoryStore History => Services.GetRequiredService<AlertHistoryStore>();

    private async Task SeedAsync()
    {
        await using var db = await Db.CreateDbContextAsync();
        var now = Time.GetUtcNow();
        var alice = new User { Address = "0x1111111111111111111111111111111111111111", CreatedAt = now };
        var bob = new User { Address = "0x2222222222222222222222222222222222222222", CreatedAt = now };
        var outsider = new User { Address = "0x3333333333333333333333333333333333333333", CreatedAt = now };
        var workspace = new Workspace { Name = "Desk", CreatedAt = now };
        workspace.Members.Add(new WorkspaceMember { User = alice, Role = WorkspaceRole.Owner, AddedAt = now });
        workspace.Members.Add(new WorkspaceMember { User = bob, Role = WorkspaceRole.Viewer, AddedAt = now });
        db.Users.Add(outsider);
        var portfolio = new Portfolio { Name = "Main book", ChainName = "local", Workspace = workspace, CreatedAt = now };
        db.Portfolios.Add(portfolio);
        await db.SaveChangesAsync();
        var definition = new AlertRuleDefinition
        {
            Name = "Health factor",
            Metric = AlertMetric.HealthFactor,
            Condition = AlertCondition.Below,
            Thresholds = [new(AlertSeverity.Warning, 1.5, 1.6)],
        };
        var rule = new AlertRule
        {
            WorkspaceId = workspace.Id, PortfolioId = portfolio.Id, Name = definition.Name, DefinitionJson = AlertRuleJson.Serialize(definition),
            CreatedByUserId = alice.Id, CreatedAt = now, UpdatedAt = now,
        };
        db.AlertRules.Add(rule);
        await db.SaveChangesAsync();
        var instance = new AlertInstanceEntry
        {
            RuleId = rule.Id, PortfolioId = portfolio.Id, SeriesKey = $"{portfolio.Id}:hf:aave", Label = "aave-v3 0x7099…79C8", State = "Firing", Severity = "Warning",
            Value = 1.42, Since = now, SinceBlock = 100, LastBlock = 100, UpdatedAt = now,
        };
        db.AlertInstances.Add(instance);
        await db.SaveChangesAsync();
        var transition = new AlertTransitionEntry
        {
            InstanceId = instance.Id, RuleId = rule.Id, PortfolioId = portfolio.Id, FromState = "Normal", ToState = "Firing", ToSeverity = "Warning", Kind = "firing",
            Value = 1.42, BlockNumber = 100, BlockHash = "0x" + new string('a', 64), BlockTime = now, Notify = true, Status = AlertTransitionStatus.Confirmed,
            ConfirmedAt = now, PreviousStateJson = "{}",
        };
        db.AlertTransitions.Add(transition);
        await db.SaveChangesAsync();
        (WorkspaceId, MemberIds, PortfolioId, RuleId, InstanceId, TransitionId) = (workspace.Id, [alice.Id, bob.Id], portfolio.Id, rule.Id, instance.Id, transition.Id);
    }

    public string Key => $"{RuleId}:{InstanceId}:{TransitionId}";

    /// <summary>The payload the engine writes for the seeded transition.</summary>
    public AlertNotificationPayload Payload() => new()
    {
        IdempotencyKey = Key, RuleId = RuleId, RuleName = "Health factor", WorkspaceId = WorkspaceId, PortfolioId = PortfolioId, PortfolioName = "Main book",
        InstanceId = InstanceId, Series = "aave-v3 0x7099…79C8", Metric = AlertMetric.HealthFactor, Unit = "", Kind = "firing",
        FromState = AlertState.Normal, ToState = AlertState.Firing, Severity = AlertSeverity.Warning, Value = 1.42, Threshold = 1.5,
        Chain = "local", BlockNumber = 100, BlockHash = "0x" + new string('a', 64), BlockTime = Time.GetUtcNow(), ConfirmedAt = Time.GetUtcNow(),
        Title = "Warning: Health factor — aave-v3 0x7099…79C8", Text = "health factor 1.42 below 1.5 at block 100", Link = $"/portfolios/{PortfolioId}/alerts",
    };

    /// <summary>Writes the repeats of still-firing alerts that are due (the minutely job's work).</summary>
    public AlertRepeater Repeater => Services.GetRequiredService<AlertRepeater>();

    /// <summary>A silence of the workspace, made by its owner through the store (validated as the API would).</summary>
    public async Task<AlertSilenceView> AddSilenceAsync(TimeSpan lasts, string comment, params AlertSilenceMatcher[] matchers)
    {
        var result = await Services.GetRequiredService<AlertSilenceStore>().CreateAsync(MemberIds[0], WorkspaceId,
            new AlertSilenceDefinition { Matchers = matchers, EndsAt = Time.GetUtcNow() + lasts, Comment = comment });
        Assert.True(result.Ok, result.Result.Error);
        return result.Value!;
    }

    /// <summary>A mute timing of the workspace, referenced by the seeded rule.</summary>
    public async Task<AlertMuteTimingView> MuteRuleAsync(string zone, params AlertMuteInterval[] intervals)
    {
        var created = await Services.GetRequiredService<AlertMuteTimingStore>().CreateAsync(MemberIds[0], WorkspaceId,
            new AlertMuteTimingDefinition { Name = "Quiet hours", TimeZone = zone, Intervals = intervals });
        Assert.True(created.Ok, created.Result.Error);
        await using var db = await Db.CreateDbContextAsync();
        var rule = await db.AlertRules.SingleAsync(r => r.Id == RuleId);
        rule.DefinitionJson = AlertRuleJson.Serialize(AlertRuleJson.Deserialize(rule.DefinitionJson) with { MuteTimingIds = [created.Value!.Id] });
        await db.SaveChangesAsync();
        return created.Value!;
    }

    /// <summary>Sets the workspace's notification policy as its owner.</summary>
    public async Task SetPolicyAsync(AlertNotificationPolicy policy)
    {
        var result = await Services.GetRequiredService<AlertPolicyStore>().SetAsync(MemberIds[0], WorkspaceId, policy);
        Assert.True(result.Ok, result.Result.Error);
    }

    public async Task<List<AlertNotification>> NotificationsAsync()
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.AlertNotifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync();
    }

    public async Task<AlertDestination> AddDestinationAsync(AlertDestinationKind kind, string target, string? secret = null, string? secondary = null)
    {
        await using var db = await Db.CreateDbContextAsync();
        var destination = new AlertDestination { WorkspaceId = WorkspaceId, Name = kind.ToString(), Kind = kind, Target = target, Secret = secret, SecondarySecret = secondary, CreatedAt = Time.GetUtcNow() };
        db.AlertDestinations.Add(destination);
        await db.SaveChangesAsync();
        return destination;
    }

    /// <summary>An outbox row as the engine writes it; <paramref name="key"/> stands for another transition of the same rule and portfolio.</summary>
    public async Task<long> EnqueueAsync(AlertChannel channel, int? destinationId = null, string? key = null)
    {
        await using var db = await Db.CreateDbContextAsync();
        var notification = new AlertNotification
        {
            TransitionId = TransitionId, RuleId = RuleId, WorkspaceId = WorkspaceId, Channel = channel, DestinationId = destinationId, IdempotencyKey = key ?? Key,
            PayloadJson = System.Text.Json.JsonSerializer.Serialize(Payload() with { IdempotencyKey = key ?? Key }, AlertRuleJson.Options), Status = AlertNotificationStatus.Pending,
            CreatedAt = Time.GetUtcNow(), NextAttemptAt = Time.GetUtcNow(),
        };
        db.AlertNotifications.Add(notification);
        await db.SaveChangesAsync();
        return notification.Id;
    }

    public async Task<AlertNotification> NotificationAsync(long id)
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.AlertNotifications.AsNoTracking().SingleAsync(n => n.Id == id);
    }

    public async Task<List<AlertDeliveryAttempt>> AttemptsAsync(long id)
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.AlertDeliveryAttempts.AsNoTracking().Where(a => a.NotificationId == id).OrderBy(a => a.Number).ToListAsync();
    }

    /// <summary>Moves the clock to the notification's next attempt and runs the processor once.</summary>
    public async Task RunNextAttemptAsync(long id)
    {
        var n = await NotificationAsync(id);
        if (n.NextAttemptAt > Time.GetUtcNow()) Time.SetUtcNow(n.NextAttemptAt);
        await Processor.DeliverDueAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        _database.Dispose();
    }
}
