using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ExposureWeb.Web.Tests.Auth;

namespace ExposureWeb.Web.Tests.Security;

/// <summary>
/// The authorization matrix of <see cref="AuthorizationMatrix"/>, one test case per actor × action: allowed exactly where
/// the actor's level reaches, a member below the action's level refused with a reason, and anyone who may not see the
/// resource answered exactly as for an id that does not exist, with nothing of the workspace in the answer.
/// </summary>
[Collection(AuthAppCollection.Name)]
public sealed partial class AuthorizationMatrixTests(AuthApp app, MatrixWorldFixture fixture) : IClassFixture<MatrixWorldFixture>
{
    public static TheoryData<string, string> Cells => AuthorizationMatrix.Cells();

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Request_ActorOnAction_AnsweredAsTheMatrixSays(string actor, string action)
    {
        var world = await fixture.WorldAsync(app);
        var who = AuthorizationMatrix.Actor(actor);
        var what = AuthorizationMatrix.Action(action);
        var expected = what.Expected(who);
        var caller = who.Caller(world);
        var target = await what.Target(world);

        var answer = await what.Send(world, caller, target);

        var seen = $"{actor} × {action}: expected {expected}, got {answer.Status} {answer.Location} {Cut(answer.Body)}";
        switch (expected)
        {
            case MatrixOutcome.Allowed:
                AssertAllowed(world, who, what, answer, seen);
                break;
            case MatrixOutcome.Refused:
                AssertRefused(world, what, answer, seen);
                break;
            default:
                var missing = await what.Send(world, caller, target with { Id = MatrixWorld.MissingId });
                AssertLikeMissing(what.Surface, expected, target, answer, missing, seen);
                break;
        }
        // Outside the workspace nothing of it reaches the caller, but what a row shows to whoever it is allowed for (a share link: its dashboard's name).
        if (who.Level < MatrixLevel.Viewer)
        {
            var revealed = expected == MatrixOutcome.Allowed ? what.Reveals?.Invoke(world) ?? [] : [];
            foreach (var secret in world.Secrets.Except(revealed)) Assert.False(answer.Body.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{seen}: the answer holds \"{secret}\"");
        }
        if (expected != MatrixOutcome.Allowed && what.Intact is { } intact)
        {
            using var after = await world.Owner.Client.GetAsync(MatrixAction.Fill(intact, target));
            Assert.True(after.IsSuccessStatusCode, $"{seen}: afterwards the owner's GET {intact} answered {(int)after.StatusCode}");
        }
    }

    [Fact]
    public void Matrix_EveryActorAndAction_NamedOnce()
    {
        Assert.Equal(AuthorizationMatrix.Actors.Count, AuthorizationMatrix.Actors.Select(a => a.Name).Distinct().Count());
        Assert.Equal(AuthorizationMatrix.Actions.Count, AuthorizationMatrix.Actions.Select(a => a.Name).Distinct().Count());
        Assert.Equal(AuthorizationMatrix.Actors.Count * AuthorizationMatrix.Actions.Count, Cells.Count);
    }

    private static void AssertAllowed(MatrixWorld world, MatrixActor who, MatrixAction what, MatrixAnswer answer, string seen)
    {
        switch (what.Surface)
        {
            case MatrixSurface.Api:
                Assert.True(answer.Status is >= 200 and < 300, seen);
                break;
            case MatrixSurface.Page when what.Shows is null:
                // A page that sends on (a portfolio's default dashboard): anywhere but sign-in or a not-found text.
                Assert.True(answer.Status is >= 200 and < 400, seen);
                Assert.DoesNotContain("/signin", answer.Location ?? "", StringComparison.Ordinal);
                Assert.DoesNotContain("-not-found\"", answer.Body, StringComparison.Ordinal);
                break;
            case MatrixSurface.Page:
                Assert.True(answer.Status == 200, seen);
                break;
            case MatrixSurface.Hub:
                Assert.True(answer.Status == 200, seen);
                break;
        }
        if (what.Shows is { } shows && who.Level >= (what.ShowsFrom ?? what.See))
        {
            var text = what.Surface == MatrixSurface.Page ? MainContent(answer.Body) : answer.Body;
            Assert.True(text.Contains(shows(world), StringComparison.Ordinal), $"{seen}: the answer does not show \"{shows(world)}\"");
        }
    }

    private static void AssertRefused(MatrixWorld world, MatrixAction what, MatrixAnswer answer, string seen)
    {
        switch (what.Surface)
        {
            case MatrixSurface.Api:
                Assert.True(answer.Status == 403, seen);
                var detail = JsonDocument.Parse(answer.Body).RootElement.GetProperty("detail").GetString();
                Assert.False(string.IsNullOrWhiteSpace(detail), $"{seen}: a refusal says why");
                break;
            case MatrixSurface.Hub:
                Assert.True(answer.Status == MatrixAnswer.HubError, seen);
                Assert.DoesNotContain("not found", answer.Body, StringComparison.OrdinalIgnoreCase);
                Assert.True(answer.Body.Length > "HubException: ".Length, $"{seen}: a refusal says why");
                break;
            default:
                // A page that refuses says what to do instead (a wallets-only share link: prove a wallet), without the resource.
                Assert.True(answer.Status == 200, seen);
                Assert.DoesNotContain(what.Shows!(world), MainContent(answer.Body), StringComparison.Ordinal);
                break;
        }
    }

    private static void AssertLikeMissing(MatrixSurface surface, MatrixOutcome expected, MatrixTarget target, MatrixAnswer answer, MatrixAnswer missing, string seen)
    {
        Assert.True(Normalized(surface, target, missing) == Normalized(surface, target, answer),
            $"{seen}: not answered as for a missing id ({missing.Status} {missing.Location} {Cut(missing.Body)})");
        switch (surface, expected)
        {
            case (MatrixSurface.Api, MatrixOutcome.Hidden):
                Assert.True(answer.Status == 404, seen);
                break;
            case (MatrixSurface.Page, MatrixOutcome.Hidden):
                Assert.True(answer.Status == 200 && MainContent(answer.Body).Contains("-not-found\"", StringComparison.Ordinal), seen);
                break;
            case (MatrixSurface.Hub, MatrixOutcome.Hidden):
                Assert.True(answer.Status == MatrixAnswer.HubError && answer.Body.Contains("not found", StringComparison.Ordinal), seen);
                break;
            case (MatrixSurface.Page, MatrixOutcome.SignInFirst):
                Assert.True(answer.Status == 302 && answer.Location is { } to && new Uri(new Uri("http://localhost"), to).AbsolutePath == "/signin", seen);
                break;
            default:
                Assert.True(answer.Status == 401, seen);
                break;
        }
    }

    /// <summary>
    /// What must be the same for an existing and a missing id: status, redirect, content headers and body (a page's main
    /// content, without Blazor's comment markers), with both ids written as {id} and problem trace ids left out.
    /// </summary>
    private static string Normalized(MatrixSurface surface, MatrixTarget target, MatrixAnswer answer)
    {
        var body = surface == MatrixSurface.Page ? Comment().Replace(MainContent(answer.Body), "") : answer.Body;
        var location = answer.Location is null ? null : Uri.UnescapeDataString(answer.Location);
        var text = TraceId().Replace($"{answer.Status}|{location}|{answer.Headers}|{body}", "");
        foreach (var id in new[] { target.Id, MatrixWorld.MissingId })
        {
            text = Regex.Replace(text, $@"\b{id.ToString(CultureInfo.InvariantCulture)}\b", "{id}");
        }
        return text;
    }

    /// <summary>A page from its main content on: the navigation lists the caller's own portfolios.</summary>
    private static string MainContent(string html)
    {
        var start = html.IndexOf("mud-main-content", StringComparison.Ordinal);
        return start < 0 ? html : html[start..];
    }

    private static string Cut(string text) => text.Length <= 300 ? text : text[..300] + "…";

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"""traceId"":""[^""]*""")]
    private static partial Regex TraceId();
}
