using System.Net;
using ExposureWeb.Components.Alerts;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Live;
using ExposureWeb.Risk.Alerts;
using ExposureWeb.Web.Tests.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.Alerts;

/// <summary>
/// The alert pages as a browser's first (prerendered) request gets them; the rule builder's preview sees the snapshot
/// the hub serves, through the app's in-process feed.
/// </summary>
public sealed class AlertPagesTests : IAsyncLifetime
{
    private readonly ExposureWebFactory _factory = new(new Dictionary<string, string?>(AuthApp.ChainSettings()));

    public Task InitializeAsync()
    {
        _factory.StartServer();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    private T Service<T>() where T : notnull => _factory.Services.GetRequiredService<T>();

    private async Task<(HttpClient Client, int UserId, int PortfolioId)> SignInAsync()
    {
        var client = await TestWallet.Alice.SignInAsync(_factory);
        await using var db = await Service<IDbContextFactory<Data.ExposureDbContext>>().CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Address == TestWallet.Alice.Address.ToString()).Select(u => u.Id).SingleAsync();
        var workspaceId = await db.WorkspaceMembers.Where(m => m.UserId == userId && m.Role == WorkspaceRole.Owner).Select(m => m.WorkspaceId).FirstAsync();
        var portfolioId = await db.Portfolios.Where(p => p.WorkspaceId == workspaceId).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        return (client, userId, portfolioId);
    }

    private static ExposureSnapshot TenEth(int portfolioId) => new(
        portfolioId, "local", 321, "0x" + new string('c', 64), DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), DateTimeOffset.FromUnixTimeSeconds(1_700_000_001),
        [new AssetExposureRow("ETH", "ETH + WETH", 10, 3_000, 30_000, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), 3600, DateTimeOffset.FromUnixTimeSeconds(1_700_003_660), null)],
        []);

    [Fact]
    public async Task RuleBuilder_SnapshotServedByTheHub_PreviewSaysWouldFireWithTheValue()
    {
        var (client, userId, portfolioId) = await SignInAsync();
        await Service<IExposurePublisher>().PublishSnapshotAsync(TenEth(portfolioId), CancellationToken.None);
        var feed = Service<ExposureFeed>();
        using var subscription = feed.SubscribePortfolio(portfolioId, _ => Task.CompletedTask);
        await Poll.UntilAsync(() => feed.Latest(portfolioId)?.Snapshot is not null, "the feed to hold the published snapshot");
        var rule = new AlertRuleDefinition
        {
            Name = "ETH delta band", Metric = AlertMetric.NetDeltaUnits, Scope = AlertScope.Underlying, Underlying = "ETH", Condition = AlertCondition.OutsideBand,
            Thresholds = [new(AlertSeverity.Warning, 5, 4.5)],
        };
        var saved = await Service<AlertRuleStore>().CreateAsync(userId, portfolioId, rule);
        Assert.True(saved.Ok, saved.Result.Error);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/alerts/rules/{saved.Saved!.Rule.Id}"));

        Assert.Contains("data-testid=\"rule-preview\"", html, StringComparison.Ordinal);
        Assert.Contains("would fire now: warning, value 10 units of the underlying", html, StringComparison.Ordinal);
        Assert.Contains("block #321", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewRulePage_Defaults_HealthFactorWithSuggestedRecoveryPrefilled()
    {
        var (client, _, portfolioId) = await SignInAsync();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/portfolios/{portfolioId}/alerts/new"));

        Assert.Contains("data-testid=\"rule-form\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"1.5\"", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{AlertRuleFields.Text(AlertRuleValidator.SuggestRecovery(AlertCondition.Below, 1.5))}\"", html, StringComparison.Ordinal);
        Assert.Contains("Waiting for the portfolio's first block", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertsPage_RuleWithFiringInstance_RuleStateChipAndLinks()
    {
        var (client, userId, portfolioId) = await SignInAsync();
        var saved = await Service<AlertRuleStore>().CreateAsync(userId, portfolioId, AlertRuleJson.Deserialize(AlertTestData.HealthFactorRule("HF main account")));
        await using (var db = await Service<IDbContextFactory<Data.ExposureDbContext>>().CreateDbContextAsync())
        {
            db.AlertInstances.Add(new AlertInstanceEntry
            {
                RuleId = saved.Saved!.Rule.Id, PortfolioId = portfolioId, SeriesKey = "hf:1", Label = "aave-v3 0x7099…", State = "NoData", Value = null,
                Detail = "ETH price unusable", SinceBlock = 5, Since = DateTimeOffset.UtcNow, LastBlock = 6, UpdatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/portfolios/{portfolioId}/alerts"));

        Assert.Contains("HF main account", html, StringComparison.Ordinal);
        Assert.Contains("warning below 1.5 (recovers above 1.6)", html, StringComparison.Ordinal);
        Assert.Contains("data-state=\"NoData\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/alerts/rules/{saved.Saved.Rule.Id}/deliveries\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"new-rule\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertPages_AnotherUsersRuleOrWorkspace_NotFoundAlert()
    {
        var (client, _, _) = await SignInAsync();

        var rule = await client.GetStringAsync("/alerts/rules/987654");
        var deliveries = await client.GetStringAsync("/alerts/rules/987654/deliveries");
        var destinations = await client.GetStringAsync("/workspaces/987654/alert-destinations");
        var alerts = await client.GetStringAsync("/portfolios/987654/alerts");

        Assert.Contains("data-testid=\"rule-not-found\"", rule, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"rule-not-found\"", deliveries, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"workspace-not-found\"", destinations, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"portfolio-not-found\"", alerts, StringComparison.Ordinal);
    }
}

/// <summary>The builder's fields as the validator sees them: what is typed reaches it unchanged, keyed like the form.</summary>
public sealed class AlertRuleFieldsTests
{
    [Fact]
    public void ToDefinition_ThresholdNotANumber_ValidatorErrorOnThatThresholdsValue()
    {
        var fields = AlertRuleFields.New();
        fields.Name = "HF";
        fields.Thresholds[0].Value = "1,5x";

        var errors = AlertRuleValidator.Validate(fields.ToDefinition());

        Assert.Contains(errors, e => e.Field == AlertRuleField.ThresholdValue(0) && e.Message.Contains("must be a number", StringComparison.Ordinal));
    }

    [Fact]
    public void SuggestRecovery_ValueTypedThenRecoveryEdited_FollowsUntilEdited()
    {
        var t = ThresholdFields.Suggested(AlertSeverity.Warning, 1.5, AlertCondition.Below);
        t.Value = "2";
        t.SuggestRecovery(AlertCondition.Below);
        var followed = t.Recovery;
        t.Recovery = "2.5";
        t.RecoveryEdited = true;
        t.Value = "3";
        t.SuggestRecovery(AlertCondition.Below);

        Assert.Equal("2.1", followed);
        Assert.Equal("2.5", t.Recovery);
    }

    [Fact]
    public void OnMetricChanged_ToAFlagMetric_OneThresholdAtHalfAndAnAllowedCondition()
    {
        var fields = AlertRuleFields.New();
        fields.Thresholds.Add(ThresholdFields.Suggested(AlertSeverity.Critical, 1.2, AlertCondition.Below));
        fields.Metric = AlertMetric.OracleStale;

        fields.OnMetricChanged();

        Assert.Equal(AlertCondition.Above, fields.Condition);
        var only = Assert.Single(fields.Thresholds);
        Assert.Equal(AlertMetrics.FlagThreshold, AlertRuleFields.Number(only.Value));
    }

    [Fact]
    public void FromThenToDefinition_StoredRule_RoundTripsUnchanged()
    {
        var rule = AlertRuleJson.Deserialize(AlertTestData.HealthFactorRule());

        var again = AlertRuleFields.From(rule).ToDefinition();

        Assert.Equal(AlertRuleJson.Serialize(rule), AlertRuleJson.Serialize(again));
    }
}
