using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR.Client;

namespace ExposureWeb.Web.Tests.Auth;

/// <summary>
/// A browser's cookie jar against the test app: signs in for real and keeps its cookies where a test can read them,
/// so the session cookie can be copied as someone who captured it would.
/// </summary>
public sealed partial class CookieBrowser : IDisposable
{
    public const string SessionCookieName = "exposure.session";

    private readonly WebApplicationFactory<Program> _factory;

    public CookieBrowser(WebApplicationFactory<Program> factory)
    {
        _factory = factory;
        Client = factory.CreateDefaultClient(factory.ClientOptions.BaseAddress, new CookieContainerHandler(Jar));
    }

    public CookieContainer Jar { get; } = new();

    public HttpClient Client { get; }

    /// <summary>The session cookie's value as the browser holds it.</summary>
    public string? SessionCookie => Jar.GetCookies(Client.BaseAddress!)[SessionCookieName]?.Value;

    /// <summary>Signs <paramref name="wallet"/> in through the real SIWE round trip; the jar then holds the session cookie.</summary>
    public async Task SignInAsync(TestWallet wallet)
    {
        var message = await wallet.ChallengeAsync(Client);
        var (status, body) = await TestWallet.VerifyAsync(Client, message, wallet.Sign(message));
        if (status != 200 || SessionCookie is null) throw new InvalidOperationException($"sign-in refused: {body}");
    }

    /// <summary>Submits a form as the page at <paramref name="page"/> would: with that page's antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostFormFromAsync(string page, string action)
    {
        var html = await Client.GetStringAsync(page);
        var token = AntiforgeryField().Match(html).Groups[1].Value;
        return await Client.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
    }

    /// <summary>A request carrying only the given session cookie, from another machine's point of view.</summary>
    public static HttpRequestMessage WithCookie(HttpMethod method, string path, string sessionCookie)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", $"{SessionCookieName}={sessionCookie}");
        return request;
    }

    /// <summary>A hub connection (long polling through the test server) authenticated by the given session cookie.</summary>
    public static HubConnection HubWithCookie(WebApplicationFactory<Program> factory, string sessionCookie) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, Hubs.ExposureHub.Path.TrimStart('/')), o =>
            {
                o.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.Headers["Cookie"] = $"{SessionCookieName}={sessionCookie}";
            })
            .Build();

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
