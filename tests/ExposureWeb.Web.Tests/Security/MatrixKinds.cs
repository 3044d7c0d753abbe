using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace ExposureWeb.Web.Tests.Security;

/// <summary>How far an actor reaches into the workspace, lowest first: each level may do what the ones below it may.</summary>
public enum MatrixLevel
{
    Anonymous,
    NonMember,
    Viewer,
    Editor,
    Owner,
}

/// <summary>What a request should get.</summary>
public enum MatrixOutcome
{
    /// <summary>Done: 2xx (a page shows the resource, a hub call returns).</summary>
    Allowed,

    /// <summary>A member who may see it but not do this: 403 with a reason (a hub error naming the reason).</summary>
    Refused,

    /// <summary>Not visible to the caller: answered exactly as for an id that does not exist (404 on the API), nothing leaked.</summary>
    Hidden,

    /// <summary>Nobody signed in: 401 on the API and the hub, a redirect to sign-in for a page; the same for a missing id.</summary>
    SignInFirst,
}

/// <summary>Where a request goes in: the answer of each is read its own way.</summary>
public enum MatrixSurface
{
    Api,
    Page,
    Hub,
}

/// <summary>
/// An answer as the matrix compares it: the status (for the hub 200 when the call returned, <see cref="HubError"/> when it
/// threw, or the status the connection was refused with), the body (the hub's error message), a redirect's target and
/// the headers that say what the body is (content type and disposition).
/// </summary>
public sealed record MatrixAnswer(int Status, string Body, string? Location = null, string Headers = "")
{
    public const int HubError = 0;
}

/// <summary>One who asks, and how: <see cref="Caller"/> picks the client and cookie from the world.</summary>
public sealed record MatrixActor(string Name, MatrixLevel Level, Func<MatrixWorld, MatrixCaller> Caller)
{
    public override string ToString() => Name;
}

/// <summary>
/// One thing to ask for: the level needed to see the resource (<see cref="See"/>: below it the resource is hidden) and to
/// do this (<see cref="Do"/>: between the two it is refused), the resource it names (<see cref="Target"/>, made fresh per
/// request where the action uses it up) and how to send it. <see cref="Except"/> sets an actor's outcome by name where
/// the levels do not say it (an actor that sees one thing only, like a share link).
/// </summary>
public sealed record MatrixAction(
    string Name,
    MatrixSurface Surface,
    MatrixLevel See,
    MatrixLevel Do,
    Func<MatrixWorld, Task<MatrixTarget>> Target,
    Func<MatrixWorld, MatrixCaller, MatrixTarget, Task<MatrixAnswer>> Send)
{
    /// <summary>Text an allowed answer must hold (a page: its main content), e.g. the resource's name.</summary>
    public Func<MatrixWorld, string>? Shows { get; init; }

    /// <summary>
    /// The level from which an allowed answer holds <see cref="Shows"/> (<see cref="See"/> when null): a list everyone
    /// signed in reads shows the workspace's things to its members only.
    /// </summary>
    public MatrixLevel? ShowsFrom { get; init; }

    /// <summary>A path the owner reads after a refused or hidden change: it must still answer 200 (nothing was lost).</summary>
    public string? Intact { get; init; }

    public IReadOnlyDictionary<string, MatrixOutcome> Except { get; init; } = new Dictionary<string, MatrixOutcome>();

    /// <summary>
    /// What of the workspace an allowed answer may show to someone outside it (a share link shows its dashboard's name);
    /// every other of <see cref="MatrixWorld.Secrets"/> must stay out.
    /// </summary>
    public Func<MatrixWorld, IReadOnlyList<string>>? Reveals { get; init; }

    public MatrixOutcome Expected(MatrixActor actor) =>
        Except.TryGetValue(actor.Name, out var outcome) ? outcome
        : actor.Level == MatrixLevel.Anonymous ? MatrixOutcome.SignInFirst
        : actor.Level < See ? MatrixOutcome.Hidden
        : actor.Level < Do ? MatrixOutcome.Refused
        : MatrixOutcome.Allowed;

    public override string ToString() => Name;

    public static string Fill(string template, MatrixTarget target) =>
        template.Replace("{id}", target.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{sub}", target.Sub?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", StringComparison.Ordinal);

    /// <summary>A REST call; <paramref name="body"/> makes a new body per request.</summary>
    public static Func<MatrixWorld, MatrixCaller, MatrixTarget, Task<MatrixAnswer>> Http(string method, string path, Func<MatrixWorld, HttpContent>? body = null) =>
        async (world, caller, target) =>
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), Fill(path, target)) { Content = body?.Invoke(world) };
            using var response = await caller.Client.SendAsync(request);
            var headers = $"{response.Content.Headers.ContentType} {response.Content.Headers.ContentDisposition}";
            return new MatrixAnswer((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString, headers);
        };

    /// <summary>A hub method called on a new connection made with the caller's session cookie (none for anonymous).</summary>
    public static Func<MatrixWorld, MatrixCaller, MatrixTarget, Task<MatrixAnswer>> Invoke(string method, Func<MatrixTarget, object?[]> arguments) =>
        async (world, caller, target) =>
        {
            await using var hub = new HubConnectionBuilder()
                .WithUrl(new Uri(world.Factory.Server.BaseAddress, Hubs.ExposureHub.Path.TrimStart('/')), o =>
                {
                    o.HttpMessageHandlerFactory = _ => world.Factory.Server.CreateHandler();
                    o.Transports = HttpTransportType.LongPolling;
                    if (caller.SessionCookie is { } cookie) o.Headers["Cookie"] = $"{Auth.CookieBrowser.SessionCookieName}={cookie}";
                })
                .Build();
            try
            {
                await hub.StartAsync();
            }
            catch (HttpRequestException e)
            {
                return new MatrixAnswer((int?)e.StatusCode ?? -1, e.Message);
            }
            try
            {
                var result = await hub.InvokeCoreAsync(method, typeof(JsonElement?), arguments(target));
                return new MatrixAnswer(200, result is JsonElement json ? json.GetRawText() : "");
            }
            catch (HubException e)
            {
                return new MatrixAnswer(MatrixAnswer.HubError, e.Message);
            }
        };

    /// <summary>A JSON body.</summary>
    public static Func<MatrixWorld, HttpContent> Json(Func<MatrixWorld, string> text) => w => MatrixWorld.Json(text(w));

    /// <summary>A CSV body.</summary>
    public static Func<MatrixWorld, HttpContent> Csv(string text) => _ =>
        new StringContent(text, System.Text.Encoding.UTF8, new MediaTypeHeaderValue("text/csv"));
}
