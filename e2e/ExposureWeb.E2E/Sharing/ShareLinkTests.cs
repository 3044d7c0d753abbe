using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ExposureWeb.E2E.Sharing;

/// <summary>
/// Share links against the real app and dev chain, opened in fresh browser contexts with no account. An "anyone" link
/// shows the dashboard live, and neither its HTML nor any message on its sockets carries the workspace's name or another
/// portfolio's name or address; revoking it cuts the open viewer within 5 s. An "only these wallets" link refuses a
/// wallet not on its list, opens for one that is, and cuts that viewer when it expires.
/// </summary>
public sealed partial class ShareLinkTests(LiveAppFixture fixture) : IClassFixture<LiveAppFixture>
{
    /// <summary>anvil dev account #2: the wallet a link is shared with.</summary>
    private const string Listed = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

    /// <summary>anvil dev account #4: a wallet the link was not shared with.</summary>
    private const string Stranger = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";

    /// <summary>anvil dev account #3: watched by the owner's other portfolio, which is not on the shared dashboard.</summary>
    private const string HiddenAddress = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

    private static readonly TimeSpan CutWithin = TimeSpan.FromSeconds(5);

    [GeneratedRegex(@"/portfolios/(\d+)")]
    private static partial Regex PortfolioUrl();

    [GeneratedRegex(@"/dashboards/(\d+)")]
    private static partial Regex DashboardUrl();

    [Fact]
    public async Task ShareLink_AnyoneThenRevoked_ViewerSeesOnlyTheDashboardAndIsCutWithinFiveSeconds()
    {
        var owner = await fixture.NewWalletPageAsync();
        await fixture.SignInAsync(owner);
        var portfolioId = PortfolioUrl().Match(owner.Url).Groups[1].Value;
        var hiddenName = "Hidden book " + Guid.NewGuid().ToString("N")[..6];
        await CreateWatchingPortfolioAsync(owner, hiddenName, HiddenAddress);

        await owner.GotoAsync(new Uri(fixture.App.BaseUrl, $"/portfolios/{portfolioId}/dashboard").ToString());
        await owner.WaitForURLAsync("**/dashboards/*");
        await Interactive(owner);
        var workspaceName = (await owner.Locator("[data-testid=workspace-chip]").InnerTextAsync()).Split('·')[0].Trim();
        Assert.False(string.IsNullOrWhiteSpace(workspaceName));
        await owner.Locator("[data-testid=dashboard-share]").ClickAsync();
        await owner.Locator("[data-testid=share-create]").ClickAsync();
        var url = (await owner.Locator("[data-testid=share-url]").InnerTextAsync()).Trim();
        await Assertions.Expect(owner.Locator("[data-testid=shared-externally]")).ToContainTextAsync("1 live link");

        // A fresh context: no wallet, no cookie. Every socket frame it receives is kept.
        var context = await fixture.Browser.NewContextAsync();
        var viewer = await context.NewPageAsync();
        var frames = new List<(IWebSocket Socket, DateTimeOffset At, string Text)>();
        var sockets = new List<IWebSocket>();
        viewer.WebSocket += (_, socket) =>
        {
            lock (sockets) sockets.Add(socket);
            socket.FrameReceived += (_, frame) =>
            {
                lock (frames) frames.Add((socket, DateTimeOffset.UtcNow, frame.Text ?? Encoding.UTF8.GetString(frame.Binary ?? [])));
            };
        };
        await viewer.GotoAsync(url);
        await Interactive(viewer);
        await Assertions.Expect(viewer.Locator("[data-testid=dashboard-grid]")).ToBeVisibleAsync();
        await Assertions.Expect(viewer.Locator("[data-testid=net-usd-delta]")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        // Live: a later block reaches the open page.
        var firstBlock = await viewer.Locator(".dash-provenance").First.InnerTextAsync();
        await Assertions.Expect(viewer.Locator(".dash-provenance").First).Not.ToHaveTextAsync(firstBlock, new() { Timeout = 60_000 });
        await Assertions.Expect(viewer.Locator("[data-testid=dashboard-arrange]")).ToHaveCountAsync(0);
        await Assertions.Expect(viewer.Locator("[data-testid=share-live]")).ToBeVisibleAsync();
        await viewer.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "share-link-viewer.png"), FullPage = true });

        var html = await viewer.ContentAsync();
        string[] secrets = [hiddenName, HiddenAddress, HiddenAddress.ToLowerInvariant(), HiddenAddress[2..].ToLowerInvariant(), workspaceName];
        List<string> received;
        lock (frames) received = [.. frames.Select(f => f.Text)];
        Assert.NotEmpty(received);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(received, f => f.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
        lock (sockets) Assert.DoesNotContain(sockets, s => s.Url.Contains("/hubs/exposure", StringComparison.Ordinal));

        // The owner sees the viewer on the link, then revokes it: the viewer's page ends within 5 s, by a full page load (the
        // old circuit's socket goes with the old document), and nothing more arrives on that socket while blocks go on.
        await Assertions.Expect(owner.Locator("[data-testid=share-link-viewing]").First).ToHaveTextAsync("1", new() { Timeout = 15_000 });
        IWebSocket circuit;
        lock (sockets) circuit = sockets.Single(s => s.Url.Contains("/_blazor", StringComparison.Ordinal));
        var clock = Stopwatch.StartNew();
        await owner.Locator("[data-testid=share-revoke]").First.ClickAsync();
        await Assertions.Expect(viewer.Locator("[data-testid=share-dead][data-why=revoked]")).ToBeVisibleAsync(new() { Timeout = (float)CutWithin.TotalMilliseconds });
        Assert.True(clock.Elapsed <= CutWithin, $"cut after {clock.Elapsed.TotalSeconds:0.0} s");
        var cutAt = DateTimeOffset.UtcNow;
        Assert.Contains("ended=revoked", viewer.Url, StringComparison.Ordinal);
        await Assertions.Expect(viewer.Locator("[data-testid=dashboard-grid]")).ToHaveCountAsync(0);
        await Assertions.Expect(owner.Locator("[data-testid=shared-externally]")).ToHaveCountAsync(0);
        // Two more blocks on the owner's page; none of their updates may reach the viewer's old circuit.
        for (var i = 0; i < 2; i++)
        {
            var block = await owner.Locator(".dash-provenance").First.InnerTextAsync();
            await Assertions.Expect(owner.Locator(".dash-provenance").First).Not.ToHaveTextAsync(block, new() { Timeout = 60_000 });
        }
        lock (frames) Assert.DoesNotContain(frames, f => f.Socket == circuit && f.At > cutAt);
        await viewer.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.OutputDirectory, "share-link-revoked.png") });

        // A reload stays dead; the audit log has the link's life.
        await viewer.ReloadAsync();
        await Assertions.Expect(viewer.Locator("[data-testid=share-dead]")).ToBeVisibleAsync();
        await context.CloseAsync();
    }

    [Fact]
    public async Task ShareLink_OnlyTheseWallets_StrangerRefusedListedWalletSeesItUntilItExpires()
    {
        var owner = await fixture.NewWalletPageAsync();
        await fixture.SignInAsync(owner);
        var portfolioId = PortfolioUrl().Match(owner.Url).Groups[1].Value;
        await owner.GotoAsync(new Uri(fixture.App.BaseUrl, $"/portfolios/{portfolioId}/dashboard").ToString());
        await owner.WaitForURLAsync("**/dashboards/*");
        var dashboardId = DashboardUrl().Match(owner.Url).Groups[1].Value;

        // Through the REST API with the owner's session: a link for one wallet, expiring soon.
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(45);
        var response = await owner.Context.APIRequest.PostAsync(new Uri(fixture.App.BaseUrl, $"/api/dashboards/{dashboardId}/share-links").ToString(),
            new() { DataObject = new { addresses = new[] { Listed.ToLowerInvariant() }, expiresAt } });
        Assert.True(response.Status == 201, await response.TextAsync());
        var url = JsonDocument.Parse(await response.TextAsync()).RootElement.GetProperty("url").GetString()!;

        var stranger = await fixture.NewWalletPageAsync(account: Stranger);
        await stranger.GotoAsync(url);
        await Interactive(stranger);
        await Assertions.Expect(stranger.Locator("[data-testid=share-proof]")).ToBeVisibleAsync();
        await Assertions.Expect(stranger.Locator("[data-testid=dashboard-grid]")).ToHaveCountAsync(0);
        await stranger.Locator($"[data-testid=wallet-option][data-wallet-name='{InjectedWallet.Name}']").ClickAsync();
        await stranger.Locator("[data-testid=share-prove]").ClickAsync();
        await Assertions.Expect(stranger.Locator("[data-testid=share-proof-error][data-code=NotOnList]")).ToContainTextAsync("not one of the wallets");
        await Assertions.Expect(stranger.Locator("[data-testid=dashboard-grid]")).ToHaveCountAsync(0);

        var listed = await fixture.NewWalletPageAsync(account: Listed);
        await listed.GotoAsync(url);
        await Interactive(listed);
        await listed.Locator($"[data-testid=wallet-option][data-wallet-name='{InjectedWallet.Name}']").ClickAsync();
        await listed.Locator("[data-testid=share-prove]").ClickAsync();
        await Assertions.Expect(listed.Locator("[data-testid=dashboard-grid]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(listed.Locator("[data-testid=share-expiry]")).ToContainTextAsync("Shown to 0x3C44");
        await Interactive(listed);

        // At the expiry the open page ends by itself, within 5 s.
        var untilExpiry = expiresAt - DateTimeOffset.UtcNow;
        Assert.True(untilExpiry > TimeSpan.Zero, $"the proof took too long: the link expired {-untilExpiry.TotalSeconds:0.0} s before the page was open");
        await Assertions.Expect(listed.Locator("[data-testid=share-dead][data-why=expired]"))
            .ToBeVisibleAsync(new() { Timeout = (float)(untilExpiry + CutWithin).TotalMilliseconds });
        Assert.True(DateTimeOffset.UtcNow <= expiresAt + CutWithin + TimeSpan.FromSeconds(1), $"ended {(DateTimeOffset.UtcNow - expiresAt).TotalSeconds:0.0} s after the expiry");

        // The audit log (owners) has the refusal and the view, with the wallets.
        await owner.GotoAsync(new Uri(fixture.App.BaseUrl, "/workspaces").ToString());
        var audit = await owner.Context.APIRequest.GetAsync(new Uri(fixture.App.BaseUrl, "/api/workspaces").ToString());
        var workspaceId = JsonDocument.Parse(await audit.TextAsync()).RootElement.EnumerateArray().First(w => w.GetProperty("role").GetString() == "Owner").GetProperty("id").GetInt32();
        var lines = await owner.Context.APIRequest.GetAsync(new Uri(fixture.App.BaseUrl, $"/api/workspaces/{workspaceId}/audit").ToString());
        var text = await lines.TextAsync();
        Assert.Contains("share_link.refused", text, StringComparison.Ordinal);
        Assert.Contains(Stranger, text, StringComparison.Ordinal);
        Assert.Contains("share_link.viewed", text, StringComparison.Ordinal);
        Assert.Contains(Listed, text, StringComparison.Ordinal);
    }

    private async Task CreateWatchingPortfolioAsync(IPage page, string name, string address)
    {
        await page.GotoAsync(fixture.App.BaseUrl.ToString());
        await Interactive(page);
        await page.Locator("[data-testid=new-portfolio-toggle]").ClickAsync();
        await page.Locator("#new-portfolio-name").FillAsync(name);
        await page.Locator("#new-portfolio-name").PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(name, new() { Timeout = 15_000 });
        await page.Locator("#watch-address").FillAsync(address);
        await page.Locator("[data-testid=watch-add]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=watched-address]").Filter(new() { HasText = address })).ToHaveCountAsync(1);
    }

    private static Task Interactive(IPage page) =>
        page.Locator("[data-testid=interactive][data-interactive=true]").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
}
