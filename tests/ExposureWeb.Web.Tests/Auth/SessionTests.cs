using System.Net;
using ExposureWeb.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Web.Tests.Auth;

/// <summary>
/// Sessions end on the server: a copy of the cookie taken before signing out opens nothing afterwards, "sign out
/// everywhere" ends every session of the user and closes their open hub connections, and a cookie from before sessions
/// were recorded counts as signed out.
/// </summary>
[Collection(AuthAppCollection.Name)]
public sealed class SessionTests(AuthApp app)
{
    private async Task<HttpStatusCode> ReadPortfoliosWithAsync(string sessionCookie)
    {
        using var client = app.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var response = await client.SendAsync(CookieBrowser.WithCookie(HttpMethod.Get, "/api/portfolios", sessionCookie));
        return response.StatusCode;
    }

    [Fact]
    public async Task SignOut_CookieCapturedBefore_NoLongerReadsPortfolios()
    {
        using var browser = new CookieBrowser(app.Factory);
        await browser.SignInAsync(TestWallet.Carol);
        var captured = browser.SessionCookie!;
        Assert.Equal(HttpStatusCode.OK, await ReadPortfoliosWithAsync(captured));

        using var signOut = await browser.PostFormFromAsync("/", "/auth/signout");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await ReadPortfoliosWithAsync(captured));
    }

    [Fact]
    public async Task SignOutEverywhere_TwoSessionsOneWithOpenHubConnection_BothEndedConnectionClosedWithin2s()
    {
        using var laptop = new CookieBrowser(app.Factory);
        using var phone = new CookieBrowser(app.Factory);
        await laptop.SignInAsync(TestWallet.Dave);
        await phone.SignInAsync(TestWallet.Dave);
        var laptopCookie = laptop.SessionCookie!;
        await using var hub = CookieBrowser.HubWithCookie(app.Factory, laptopCookie);
        var closed = new TaskCompletionSource();
        hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        await hub.StartAsync();

        using var everywhere = await phone.PostFormFromAsync("/account/sessions", "/auth/signout/everywhere");

        Assert.Equal(HttpStatusCode.Redirect, everywhere.StatusCode);
        Assert.Equal("/signin?signedOut=1", everywhere.Headers.Location?.OriginalString);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
        Assert.Equal(HttpStatusCode.Unauthorized, await ReadPortfoliosWithAsync(laptopCookie));
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.Client.GetAsync("/api/portfolios")).StatusCode);
    }

    [Fact]
    public async Task SignOutEverywhere_WithoutAntiforgeryToken_RefusedSessionsKept()
    {
        using var browser = new CookieBrowser(app.Factory);
        await browser.SignInAsync(TestWallet.Carol);

        using var attempt = await browser.Client.PostAsync("/auth/signout/everywhere", new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, attempt.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await ReadPortfoliosWithAsync(browser.SessionCookie!));
    }

    [Fact]
    public async Task Cookie_IssuedBeforeSessionsWereRecorded_TreatedAsSignedOutAndDeleted()
    {
        var signedIn = await app.SignInAsync(TestWallet.Bob);
        var cookie = app.Factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var now = DateTimeOffset.UtcNow;
        // The cookie sign-in made before this change: the user's claims, no session id.
        var old = cookie.TicketDataFormat.Protect(new AuthenticationTicket(
            ExposureClaims.ForUser(signedIn.UserId, TestWallet.Bob.Address.ToString(), CookieAuthenticationDefaults.AuthenticationScheme),
            new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddHours(1), AllowRefresh = true },
            CookieAuthenticationDefaults.AuthenticationScheme));
        using var client = app.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        using var api = await client.SendAsync(CookieBrowser.WithCookie(HttpMethod.Get, "/api/portfolios", old));
        using var page = await client.SendAsync(CookieBrowser.WithCookie(HttpMethod.Get, "/", old));

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Contains(api.Headers.GetValues("Set-Cookie"), c => c.StartsWith(CookieBrowser.SessionCookieName + "=;", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/signin", page.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionsPage_SignedIn_ListsThisBrowserAndOffersSignOutEverywhere()
    {
        using var browser = new CookieBrowser(app.Factory);
        await browser.SignInAsync(TestWallet.Alice);

        var html = await browser.Client.GetStringAsync("/account/sessions");

        Assert.Contains("data-testid=\"session-current\"", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/auth/signout/everywhere\"", html, StringComparison.Ordinal);
    }
}
