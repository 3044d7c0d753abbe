using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace ExposureWeb.E2E.Security;

/// <summary>
/// "Sign out everywhere" from one browser ends the user's session in another at once: its open page (a live Blazor
/// circuit) goes to the sign-in page and a hub connection made with its cookie is closed, both within 2 s, and the cookie
/// opens nothing afterwards.
/// </summary>
public sealed class SignOutEverywhereTests(LiveAppFixture fixture) : IClassFixture<LiveAppFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task SignOutEverywhere_OtherBrowserWithOpenPageAndHubConnection_BothClosedWithin2s()
    {
        // The laptop: signed in, its portfolio page live, and a hub client using the same cookie (as a script in the page could).
        var laptop = await fixture.NewWalletPageAsync();
        await fixture.SignInAsync(laptop);
        await Assertions.Expect(laptop.Locator("[data-testid=position-row]").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var cookie = (await laptop.Context.CookiesAsync()).Single(c => c.Name == "exposure.session").Value;
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.App.BaseUrl, "/hubs/exposure"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.Headers["Cookie"] = "exposure.session=" + cookie;
            })
            .Build();
        var clock = Stopwatch.StartNew();
        var hubClosedAt = new TaskCompletionSource<TimeSpan>();
        hub.Closed += _ => { hubClosedAt.TrySetResult(clock.Elapsed); return Task.CompletedTask; };
        await hub.StartAsync();
        var laptopAtSignInAt = laptop.WaitForURLAsync("**/signin?signedOut=1", new() { Timeout = 60_000 }).ContinueWith(_ => clock.Elapsed, TaskScheduler.Default);

        // The phone: the same wallet signed in elsewhere, reaching the sessions page from the menu.
        var phone = await fixture.NewWalletPageAsync();
        await fixture.SignInAsync(phone);
        await phone.Locator("[data-testid=nav-sessions]").ClickAsync();
        await phone.WaitForURLAsync("**/account/sessions");
        await Assertions.Expect(phone.Locator("[data-testid=session-current]")).ToHaveCountAsync(1);
        await Assertions.Expect(phone.Locator("[data-testid=session-revoke]").First).ToBeVisibleAsync();
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "sessions-page.png"), FullPage = true });

        // Timed from the moment the browser sends the sign-out (the server revokes while answering it).
        var sent = phone.WaitForRequestAsync(r => r.Url.Contains("/auth/signout/everywhere", StringComparison.Ordinal));
        await phone.Locator("[data-testid=sign-out-everywhere]").ClickAsync();
        await sent;
        var revokedBy = clock.Elapsed;

        var hubClosed = await hubClosedAt.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var laptopLeft = await laptopAtSignInAt;
        Assert.True(hubClosed - revokedBy <= Limit, $"the hub connection closed {(hubClosed - revokedBy).TotalSeconds:0.00} s after the sign-out");
        Assert.True(laptopLeft - revokedBy <= Limit, $"the laptop's page reached the sign-in page {(laptopLeft - revokedBy).TotalSeconds:0.00} s after the sign-out");
        // The phone's own page was signed out too: by the form's answer or by its circuit, both land on the same page.
        await phone.WaitForURLAsync("**/signin?signedOut=1");
        await Assertions.Expect(laptop.Locator("[data-testid=wallet-option]").First).ToBeVisibleAsync();

        // The laptop's cookie, copied, opens nothing now.
        using var http = new HttpClient { BaseAddress = fixture.App.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/portfolios");
        request.Headers.Add("Cookie", "exposure.session=" + cookie);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.SendAsync(request)).StatusCode);
    }
}
