using System.Net;
using System.Text;
using System.Text.Json;
using ExposureWeb.Data.Entities;
using ExposureWeb.Web.Tests.Auth;
using Microsoft.EntityFrameworkCore;

namespace ExposureWeb.Web.Tests.Alerts;

/// <summary>Silences, mute timings and the notification policy over REST, through real sign-ins and a real SQLite database.</summary>
[Collection(AuthAppCollection.Name)]
public sealed class AlertSettingsApiTests(AuthApp app)
{
    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static IReadOnlyList<string> Fields(JsonElement body) =>
        body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!).ToList();

    private static string Silence(string matchers = """[{ "label": "rule", "op": "=", "value": "Health factor" }]""", string comment = "oracle migration", double hours = 2) => $$"""
        { "matchers": {{matchers}}, "endsAt": "{{DateTimeOffset.UtcNow.AddHours(hours):O}}", "comment": "{{comment}}" }
        """;

    private const string Weekend = """
        { "name": "Weekend", "timeZone": "Europe/Zurich", "intervals": [ { "weekdays": ["Saturday", "Sunday"], "start": "00:00", "end": "24:00" } ] }
        """;

    private async Task<(int Silences, int Timings)> CountAsync(int workspaceId)
    {
        await using var db = await AlertTestData.DbAsync(app);
        return (await db.AlertSilences.CountAsync(s => s.WorkspaceId == workspaceId), await db.AlertMuteTimings.CountAsync(m => m.WorkspaceId == workspaceId));
    }

    [Fact]
    public async Task AlertSilences_CreateListExpire_RoundTrip()
    {
        var alice = await app.SignInAsync(TestWallet.Alice);

        using var created = await alice.Client.PostAsync($"/api/workspaces/{alice.WorkspaceId}/alert-silences",
            Json(Silence("""[{ "label": "rule", "op": "=", "value": "Health factor" }, { "label": "severity", "op": "=~", "value": "warning|critical" }]""")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var silence = await BodyAsync(created);
        var id = silence.GetProperty("id").GetInt32();
        Assert.Equal(("active", "oracle migration", 2), (silence.GetProperty("state").GetString(), silence.GetProperty("comment").GetString(), silence.GetProperty("matchers").GetArrayLength()));
        Assert.Equal(TestWallet.Alice.Address.ToString(), silence.GetProperty("createdBy").GetString());

        var listed = await BodyAsync(await alice.Client.GetAsync($"/api/workspaces/{alice.WorkspaceId}/alert-silences"));
        Assert.Contains(listed.EnumerateArray(), s => s.GetProperty("id").GetInt32() == id);

        using var expired = await alice.Client.DeleteAsync($"/api/alert-silences/{id}");
        Assert.Equal(HttpStatusCode.OK, expired.StatusCode);
        Assert.Equal("expired", (await BodyAsync(expired)).GetProperty("state").GetString());
        Assert.Equal("expired", (await BodyAsync(await alice.Client.GetAsync($"/api/alert-silences/{id}"))).GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("[]", "oracle migration", 2, "matchers")]
    [InlineData("""[{ "label": "series", "op": "=~", "value": "([a-z" }]""", "oracle migration", 2, "matchers[0].value")]
    [InlineData("""[{ "label": "team", "op": "=", "value": "ops" }]""", "oracle migration", 2, "matchers[0].label")]
    [InlineData("""[{ "label": "rule", "op": "=", "value": "x" }]""", "", 2, "comment")]
    [InlineData("""[{ "label": "rule", "op": "=", "value": "x" }]""", "too long", 24 * 91, "endsAt")]
    public async Task CreateAlertSilence_Invalid_400WithFieldErrorAndNothingSaved(string matchers, string comment, double hours, string field)
    {
        var alice = await app.SignInAsync(TestWallet.Alice);
        var before = await CountAsync(alice.WorkspaceId);

        using var response = await alice.Client.PostAsync($"/api/workspaces/{alice.WorkspaceId}/alert-silences", Json(Silence(matchers, comment, hours)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, Fields(await BodyAsync(response)));
        Assert.Equal(before, await CountAsync(alice.WorkspaceId));
    }

    [Fact]
    public async Task AlertSilences_AnotherWorkspace_404AndViewer403()
    {
        var alice = await app.SignInAsync(TestWallet.Alice);
        var bob = await app.SignInAsync(TestWallet.Bob);
        var carol = await app.SignInAsync(TestWallet.Carol);
        await AlertTestData.AddMemberAsync(app, alice.WorkspaceId, carol.UserId, WorkspaceRole.Viewer);
        using var created = await alice.Client.PostAsync($"/api/workspaces/{alice.WorkspaceId}/alert-silences", Json(Silence()));
        var id = (await BodyAsync(created)).GetProperty("id").GetInt32();

        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.GetAsync($"/api/alert-silences/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.DeleteAsync($"/api/alert-silences/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.GetAsync($"/api/workspaces/{alice.WorkspaceId}/alert-silences")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.PostAsync($"/api/workspaces/{alice.WorkspaceId}/alert-silences", Json(Silence()))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await carol.Client.GetAsync($"/api/alert-silences/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await carol.Client.DeleteAsync($"/api/alert-silences/{id}")).StatusCode);
        Assert.Equal("active", (await BodyAsync(await alice.Client.GetAsync($"/api/alert-silences/{id}"))).GetProperty("state").GetString());
    }

    [Fact]
    public async Task AlertMuteTimings_CreateUpdateUseInARuleDelete_RoundTrip()
    {
        var alice = await app.SignInAsync(TestWallet.Alice);
        var portfolioId = await app.CreatePortfolioAsync(alice, "Mute " + Guid.NewGuid().ToString("N")[..6]);

        using var created = await alice.Client.PostAsync($"/api/workspaces/{alice.WorkspaceId}/alert-mute-timings", Json(Weekend));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await BodyAsync(created)).GetProperty("id").GetInt32();
        using var updated = await alice.Client.PutAsync($"/api/alert-mute-timings/{id}", Json(Weekend.Replace("Weekend", "Weekends", StringComparison.Ordinal)));
        Assert.Equal("Weekends", (await BodyAsync(updated)).GetProperty("name").GetString());

        using var rule = await alice.Client.PostAsync($"/api/portfolios/{portfolioId}/alert-rules", Json(AlertTestData.HealthFactorRule(extra: $", \"muteTimingIds\": [{id}]")));
        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
        Assert.Equal(id, (await BodyAsync(rule)).GetProperty("definition").GetProperty("muteTimingIds")[0].GetInt32());
        // In use: refused with the rule named.
        using var refused = await alice.Client.DeleteAsync($"/api/alert-mute-timings/{id}");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        using var unknown = await alice.Client.PostAsync($"/api/portfolios/{portfolioId}/alert-rules", Json(AlertTestData.HealthFactorRule(extra: ", \"muteTimingIds\": [999999]")));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("muteTimingIds", Fields(await BodyAsync(unknown)));
    }

    [Theory]
    [InlineData("""{ "name": "Night", "timeZone": "Mars/Olympus", "intervals": [ { "weekdays": [], "start": "22:00", "end": "24:00" } ] }""", "timeZone")]
    [InlineData("""{ "name": "Night", "timeZone": "UTC", "intervals": [ { "weekdays": [], "start": "22:00", "end": "06:00" } ] }""", "intervals[0].end")]
    [InlineData("""{ "name": "", "timeZone": "UTC", "intervals": [ { "weekdays": [], "start": "22:00", "end": "23:00" } ] }""", "name")]
    [InlineData("""{ "name": "Night", "timeZone": "UTC", "intervals": [] }""", "intervals")]
    [InlineData("""{ "name": "Night", "timeZone": "UTC", "intervals": [ { "weekdays": ["Caturday"], "start": "22:00", "end": "23:00" } ] }""", "intervals[0].weekdays[0]")]
    public async Task CreateAlertMuteTiming_Invalid_400WithFieldErrorAndNothingSaved(string body, string field)
    {
        var alice = await app.SignInAsync(TestWallet.Alice);
        var before = await CountAsync(alice.WorkspaceId);

        using var response = await alice.Client.PostAsync($"/api/workspaces/{alice.WorkspaceId}/alert-mute-timings", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, Fields(await BodyAsync(response)));
        Assert.Equal(before, await CountAsync(alice.WorkspaceId));
    }

    [Fact]
    public async Task AlertPolicy_DefaultThenSet_AndInvalidRefused()
    {
        var alice = await app.SignInAsync(TestWallet.Alice);
        var bob = await app.SignInAsync(TestWallet.Bob);

        var policy = await BodyAsync(await alice.Client.GetAsync($"/api/workspaces/{alice.WorkspaceId}/alert-policy"));
        Assert.True(policy.GetProperty("repeatIntervalMinutes").GetInt32() is 240 or 60);

        using var set = await alice.Client.PutAsync($"/api/workspaces/{alice.WorkspaceId}/alert-policy",
            Json("""{ "repeatIntervalMinutes": 60, "groupWaitSeconds": 30, "groupBy": ["rule"] }"""));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var read = await BodyAsync(await alice.Client.GetAsync($"/api/workspaces/{alice.WorkspaceId}/alert-policy"));
        Assert.Equal((60, 30), (read.GetProperty("repeatIntervalMinutes").GetInt32(), read.GetProperty("groupWaitSeconds").GetInt32()));

        using var invalid = await alice.Client.PutAsync($"/api/workspaces/{alice.WorkspaceId}/alert-policy",
            Json("""{ "repeatIntervalMinutes": 1, "groupWaitSeconds": 30, "groupBy": ["team"] }"""));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(["repeatIntervalMinutes", "groupBy"], Fields(await BodyAsync(invalid)));
        Assert.Equal(60, (await BodyAsync(await alice.Client.GetAsync($"/api/workspaces/{alice.WorkspaceId}/alert-policy"))).GetProperty("repeatIntervalMinutes").GetInt32());

        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.GetAsync($"/api/workspaces/{alice.WorkspaceId}/alert-policy")).StatusCode);
    }

    [Fact]
    public async Task SettingsPage_PrefilledFromAnInstance_ShowsMatchersSilencesAndTimings()
    {
        var alice = await app.SignInAsync(TestWallet.Alice);
        var bob = await app.SignInAsync(TestWallet.Bob);
        using var created = await alice.Client.PostAsync($"/api/workspaces/{alice.WorkspaceId}/alert-silences", Json(Silence(comment: "page shows me")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var html = WebUtility.HtmlDecode(await alice.Client.GetStringAsync($"/workspaces/{alice.WorkspaceId}/alert-settings?rule=HF%20rule&series=aave-v3%200x7099"));

        Assert.Contains("data-testid=\"silence-form\"", html);
        Assert.Contains("value=\"HF rule\"", html);
        Assert.Contains("value=\"aave-v3 0x7099\"", html);
        Assert.Contains("page shows me", html);
        Assert.Contains("data-testid=\"policy-form\"", html);
        var other = await bob.Client.GetStringAsync($"/workspaces/{alice.WorkspaceId}/alert-settings");
        Assert.Contains("workspace-not-found", other);
        Assert.DoesNotContain("page shows me", other);
    }

    [Fact]
    public async Task OpenApi_ListsTheAlertSettingsEndpoints()
    {
        var alice = await app.SignInAsync(TestWallet.Alice);
        var text = await alice.Client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/workspaces/{id}/alert-silences", text);
        Assert.Contains("/api/alert-silences/{silenceId}", text);
        Assert.Contains("/api/workspaces/{id}/alert-mute-timings", text);
        Assert.Contains("/api/alert-mute-timings/{timingId}", text);
        Assert.Contains("/api/workspaces/{id}/alert-policy", text);
    }
}
