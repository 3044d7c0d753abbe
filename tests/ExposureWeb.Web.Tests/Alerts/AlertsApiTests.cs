using System.Net;
using System.Text;
using System.Text.Json;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Web.Tests.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.Alerts;

/// <summary>The alert REST API through real sign-ins and a real SQLite database.</summary>
[Collection(AuthAppCollection.Name)]
public sealed class AlertsApiTests(AuthApp app)
{
    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private async Task<(AuthApp.Session Session, int PortfolioId)> NewPortfolioAsync(TestWallet wallet)
    {
        var session = await app.SignInAsync(wallet);
        return (session, await app.CreatePortfolioAsync(session, "Alerts " + Guid.NewGuid().ToString("N")[..6]));
    }

    private static async Task<int> CreateAsync(HttpClient client, int portfolioId, string body)
    {
        using var response = await client.PostAsync($"/api/portfolios/{portfolioId}/alert-rules", Json(body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await BodyAsync(response)).GetProperty("id").GetInt32();
    }

    private async Task<int> RuleCountAsync(int portfolioId)
    {
        await using var db = await AlertTestData.DbAsync(app);
        return await db.AlertRules.CountAsync(r => r.PortfolioId == portfolioId);
    }

    private static IReadOnlyList<(string Field, string Message)> Errors(JsonElement body) =>
        body.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("field").GetString()!, e.GetProperty("message").GetString()!)).ToList();

    [Fact]
    public async Task AlertRules_CreateReadUpdateDelete_RoundTrip()
    {
        var (alice, portfolioId) = await NewPortfolioAsync(TestWallet.Alice);

        using var created = await alice.Client.PostAsync($"/api/portfolios/{portfolioId}/alert-rules", Json(AlertTestData.HealthFactorRule()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await BodyAsync(created)).GetProperty("id").GetInt32();
        Assert.Equal($"/api/alert-rules/{id}", created.Headers.Location?.OriginalString);

        var read = await BodyAsync(await alice.Client.GetAsync($"/api/alert-rules/{id}"));
        var definition = read.GetProperty("definition");
        Assert.Equal("HealthFactor", definition.GetProperty("metric").GetString());
        Assert.Equal("Below", definition.GetProperty("condition").GetString());
        Assert.Equal(1.6, definition.GetProperty("thresholds")[0].GetProperty("recovery").GetDouble());
        Assert.Equal(2, definition.GetProperty("pendingFor").GetProperty("blocks").GetInt32());
        var listed = await BodyAsync(await alice.Client.GetAsync($"/api/portfolios/{portfolioId}/alert-rules"));
        Assert.Contains(listed.EnumerateArray(), r => r.GetProperty("id").GetInt32() == id);

        using var updated = await alice.Client.PutAsync($"/api/alert-rules/{id}", Json(AlertTestData.HealthFactorRule("Renamed").Replace("1.5", "1.45", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var after = await BodyAsync(updated);
        Assert.Equal(2, after.GetProperty("version").GetInt32());
        Assert.Equal("Renamed", after.GetProperty("definition").GetProperty("name").GetString());
        Assert.Equal(1.45, after.GetProperty("definition").GetProperty("thresholds")[0].GetProperty("value").GetDouble());

        using var deleted = await alice.Client.DeleteAsync($"/api/alert-rules/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.Client.GetAsync($"/api/alert-rules/{id}")).StatusCode);
        Assert.Equal(0, await RuleCountAsync(portfolioId));
    }

    [Theory]
    [InlineData("\"NaN\"", "1.6", "thresholds[0].value")]
    [InlineData("1e300", "1.6", "thresholds[0].value")]
    [InlineData("1.5", "1.4", "thresholds[0].recovery")]
    public async Task CreateAlertRule_BadThreshold_400WithFieldErrorAndNothingSaved(string value, string recovery, string field)
    {
        var (alice, portfolioId) = await NewPortfolioAsync(TestWallet.Alice);
        var body = AlertTestData.HealthFactorRule().Replace("\"value\": 1.5, \"recovery\": 1.6", $"\"value\": {value}, \"recovery\": {recovery}", StringComparison.Ordinal);

        using var response = await alice.Client.PostAsync($"/api/portfolios/{portfolioId}/alert-rules", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = Errors(await BodyAsync(response));
        Assert.Contains(errors, e => e.Field == field);
        Assert.Equal(0, await RuleCountAsync(portfolioId));
    }

    [Fact]
    public async Task CreateAlertRule_RecoveryOnTheWrongSide_MessageSaysWhichSide()
    {
        var (alice, portfolioId) = await NewPortfolioAsync(TestWallet.Alice);
        var body = AlertTestData.HealthFactorRule().Replace("\"recovery\": 1.3", "\"recovery\": 1.1", StringComparison.Ordinal);

        using var response = await alice.Client.PostAsync($"/api/portfolios/{portfolioId}/alert-rules", Json(body));

        var error = Assert.Single(Errors(await BodyAsync(response)));
        Assert.Equal("thresholds[1].recovery", error.Field);
        Assert.Contains("must recover above", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAlertRule_NoDestinationAndInAppOff_400OnDestinations()
    {
        var (alice, portfolioId) = await NewPortfolioAsync(TestWallet.Alice);
        var body = AlertTestData.HealthFactorRule().Replace("\"inApp\": true", "\"inApp\": false", StringComparison.Ordinal);

        using var response = await alice.Client.PostAsync($"/api/portfolios/{portfolioId}/alert-rules", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Errors(await BodyAsync(response)), e => e.Field == "destinationIds");
        Assert.Equal(0, await RuleCountAsync(portfolioId));
    }

    [Fact]
    public async Task CreateAlertRule_UnknownProperty_400NamingItAndNothingSaved()
    {
        var (alice, portfolioId) = await NewPortfolioAsync(TestWallet.Alice);

        using var response = await alice.Client.PostAsync($"/api/portfolios/{portfolioId}/alert-rules", Json(AlertTestData.HealthFactorRule(extra: ", \"treshold\": 3")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single(Errors(await BodyAsync(response)));
        Assert.Equal("treshold", error.Field);
        Assert.Contains("Unknown property \"treshold\"", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await RuleCountAsync(portfolioId));
    }

    [Fact]
    public async Task AlertRules_AnotherWorkspacesRule_404AndAbsentFromLists()
    {
        var (alice, portfolioId) = await NewPortfolioAsync(TestWallet.Alice);
        var id = await CreateAsync(alice.Client, portfolioId, AlertTestData.HealthFactorRule("Alice's secret rule"));
        var bob = await app.SignInAsync(TestWallet.Bob);

        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.GetAsync($"/api/alert-rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.PutAsync($"/api/alert-rules/{id}", Json(AlertTestData.HealthFactorRule("mine")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.PutAsync($"/api/alert-rules/{id}", Json("{\"nonsense\": 1}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.DeleteAsync($"/api/alert-rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.GetAsync($"/api/portfolios/{portfolioId}/alert-rules")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.PostAsync($"/api/portfolios/{portfolioId}/alert-rules", Json(AlertTestData.HealthFactorRule()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.GetAsync($"/api/portfolios/{portfolioId}/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.GetAsync($"/api/alert-deliveries?ruleId={id}")).StatusCode);
        var bobsRules = await bob.Client.GetStringAsync($"/api/portfolios/{bob.PortfolioId}/alert-rules");
        Assert.DoesNotContain("Alice's secret rule", bobsRules, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await alice.Client.GetAsync($"/api/alert-rules/{id}")).StatusCode);
    }

    [Fact]
    public async Task AlertRules_Viewer_ReadsButChangesAre403()
    {
        var (alice, portfolioId) = await NewPortfolioAsync(TestWallet.Alice);
        var id = await CreateAsync(alice.Client, portfolioId, AlertTestData.HealthFactorRule());
        var carol = await app.SignInAsync(TestWallet.Carol);
        await AlertTestData.AddMemberAsync(app, alice.WorkspaceId, carol.UserId, WorkspaceRole.Viewer);

        Assert.Equal(HttpStatusCode.OK, (await carol.Client.GetAsync($"/api/alert-rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await carol.Client.PutAsync($"/api/alert-rules/{id}", Json(AlertTestData.HealthFactorRule("viewer edit")))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await carol.Client.DeleteAsync($"/api/alert-rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await carol.Client.PostAsync($"/api/portfolios/{portfolioId}/alert-rules", Json(AlertTestData.HealthFactorRule()))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await carol.Client.PostAsync($"/api/portfolios/{portfolioId}/alert-rules/import", Json($"[{AlertTestData.HealthFactorRule()}]"))).StatusCode);
        Assert.Equal(1, await RuleCountAsync(portfolioId));
        var read = await BodyAsync(await alice.Client.GetAsync($"/api/alert-rules/{id}"));
        Assert.Equal(1, read.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task ExportThenImport_IntoAnotherPortfolio_ReproducesTheRules()
    {
        var (alice, source) = await NewPortfolioAsync(TestWallet.Alice);
        await CreateAsync(alice.Client, source, AlertTestData.HealthFactorRule("First"));
        await CreateAsync(alice.Client, source, """
            { "name": "ETH delta band", "metric": "NetDeltaUsd", "scope": "Underlying", "underlying": "ETH", "condition": "OutsideBand",
              "thresholds": [ { "severity": "Info", "value": 50000, "recovery": 45000 } ] }
            """);
        var target = await app.CreatePortfolioAsync(alice, "Import target " + Guid.NewGuid().ToString("N")[..6]);

        using var export = await alice.Client.GetAsync($"/api/portfolios/{source}/alert-rules/export");
        var exported = await export.Content.ReadAsStringAsync();
        using var import = await alice.Client.PostAsync($"/api/portfolios/{target}/alert-rules/import", Json(exported));
        var reexported = await alice.Client.GetStringAsync($"/api/portfolios/{target}/alert-rules/export");

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Contains("attachment", export.Content.Headers.ContentDisposition?.ToString() ?? export.Headers.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        Assert.Equal(2, (await BodyAsync(import)).GetProperty("imported").GetInt32());
        Assert.Equal(exported, reexported);
    }

    [Fact]
    public async Task ImportAlertRules_OneBadRule_SavesNoneAndNamesTheRule()
    {
        var (alice, portfolioId) = await NewPortfolioAsync(TestWallet.Alice);
        var bad = AlertTestData.HealthFactorRule("Bad").Replace("\"recovery\": 1.6", "\"recovery\": 1.4", StringComparison.Ordinal);

        using var response = await alice.Client.PostAsync($"/api/portfolios/{portfolioId}/alert-rules/import",
            Json($"[{AlertTestData.HealthFactorRule("Good")}, {bad}]"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await BodyAsync(response)).GetProperty("errors").EnumerateArray());
        Assert.Equal(1, error.GetProperty("index").GetInt32());
        Assert.Equal("thresholds[0].recovery", error.GetProperty("field").GetString());
        Assert.Equal(0, await RuleCountAsync(portfolioId));
    }

    [Fact]
    public async Task ImportAlertRules_UnknownPropertyInSecondRule_400WithItsIndex()
    {
        var (alice, portfolioId) = await NewPortfolioAsync(TestWallet.Alice);

        using var response = await alice.Client.PostAsync($"/api/portfolios/{portfolioId}/alert-rules/import",
            Json($"[{AlertTestData.HealthFactorRule("Good")}, {AlertTestData.HealthFactorRule("Typo", ", \"enabeld\": true")}]"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await BodyAsync(response)).GetProperty("errors").EnumerateArray());
        Assert.Equal(1, error.GetProperty("index").GetInt32());
        Assert.Equal("enabeld", error.GetProperty("field").GetString());
        Assert.Equal(0, await RuleCountAsync(portfolioId));
    }

    [Fact]
    public async Task ListAlerts_InstanceWithHistory_StateValueBlockAndUndoneTransitionMarked()
    {
        var (alice, portfolioId) = await NewPortfolioAsync(TestWallet.Alice);
        var ruleId = await CreateAsync(alice.Client, portfolioId, AlertTestData.HealthFactorRule());
        await AlertTestData.SeedFiringAsync(app, ruleId, alice.WorkspaceId, portfolioId);

        var alerts = await BodyAsync(await alice.Client.GetAsync($"/api/portfolios/{portfolioId}/alerts"));

        var alert = Assert.Single(alerts.EnumerateArray());
        var instance = alert.GetProperty("instance");
        Assert.Equal("Firing", instance.GetProperty("state").GetString());
        Assert.Equal("Warning", instance.GetProperty("severity").GetString());
        Assert.Equal(1.31, instance.GetProperty("value").GetDouble());
        Assert.Equal(120, instance.GetProperty("sinceBlock").GetInt32());
        var history = alert.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["confirmed", "undone"], history.Select(h => h.GetProperty("status").GetString()));
        Assert.Equal(120, history[0].GetProperty("block").GetInt64());
    }

    [Fact]
    public async Task ReplayAlertDelivery_DeadLetter_BackInTheOutboxAndAttemptedAtOnce()
    {
        var (alice, portfolioId) = await NewPortfolioAsync(TestWallet.Alice);
        var ruleId = await CreateAsync(alice.Client, portfolioId, AlertTestData.HealthFactorRule());
        var (_, notification) = await AlertTestData.SeedFiringAsync(app, ruleId, alice.WorkspaceId, portfolioId);
        var carol = await app.SignInAsync(TestWallet.Carol);
        await AlertTestData.AddMemberAsync(app, alice.WorkspaceId, carol.UserId, WorkspaceRole.Viewer);
        var bob = await app.SignInAsync(TestWallet.Bob);

        var deliveries = await BodyAsync(await alice.Client.GetAsync($"/api/alert-deliveries?ruleId={ruleId}"));
        using var byViewer = await carol.Client.PostAsync($"/api/alert-deliveries/{notification.Id}/replay", null);
        using var byStranger = await bob.Client.PostAsync($"/api/alert-deliveries/{notification.Id}/replay", null);
        var before = DateTimeOffset.UtcNow;
        using var replay = await alice.Client.PostAsync($"/api/alert-deliveries/{notification.Id}/replay", null);
        using var again = await alice.Client.PostAsync($"/api/alert-deliveries/{notification.Id}/replay", null);

        var delivery = Assert.Single(deliveries.EnumerateArray());
        Assert.Equal("DeadLetter", delivery.GetProperty("status").GetString());
        Assert.Equal([503, 0], delivery.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("statusCode").ValueKind == JsonValueKind.Null ? 0 : a.GetProperty("statusCode").GetInt32()));
        Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byStranger.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        // A replay wakes the outbox: the notification is attempted again at once (its attempt count starts over), and this
        // seeded one — a webhook without a destination or payload — fails again and waits for its next try. That try comes
        // within seconds (backoff from 2 s), so the attempts after the replay are read as they are, however many by now.
        await Poll.UntilAsync(async () =>
        {
            await using var poll = await AlertTestData.DbAsync(app);
            return await poll.AlertDeliveryAttempts.CountAsync(a => a.NotificationId == notification.Id) >= 3;
        }, "the replayed notification attempted again", TimeSpan.FromSeconds(30));
        await using var db = await AlertTestData.DbAsync(app);
        var attempts = await db.AlertDeliveryAttempts.AsNoTracking().Where(a => a.NotificationId == notification.Id).OrderBy(a => a.Id).ToListAsync();
        var stored = await db.AlertNotifications.AsNoTracking().SingleAsync(n => n.Id == notification.Id);
        Assert.Equal(AlertNotificationStatus.Pending, stored.Status);
        var afterReplay = attempts.Skip(2).ToList();
        Assert.Equal(Enumerable.Range(1, afterReplay.Count), afterReplay.Select(a => a.Number));
        Assert.All(afterReplay, a => Assert.False(a.Succeeded));
        Assert.True(stored.Attempts >= afterReplay.Count, $"{stored.Attempts} attempts counted, {afterReplay.Count} logged"); // one may land between the reads
        Assert.InRange(afterReplay[0].StartedAt, before, before.AddSeconds(10));
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheAlertEndpoints()
    {
        var document = await app.Factory.CreateClient().GetStringAsync("/openapi/v1.json");

        foreach (var path in new[] { "/api/portfolios/{id}/alert-rules", "/api/alert-rules/{ruleId}", "/api/portfolios/{id}/alerts", "/api/alert-deliveries", "/api/alert-deliveries/{id}/replay", "/api/portfolios/{id}/alert-rules/export", "/api/portfolios/{id}/alert-rules/import" })
        {
            Assert.Contains($"\"{path}\"", document, StringComparison.Ordinal);
        }
    }
}
