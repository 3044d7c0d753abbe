using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ExposureWeb.Data;
using ExposureWeb.Data.Entities;
using ExposureWeb.Web.Tests.Auth;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.Sharing;

/// <summary>
/// Share links on a real app with real SIWE sign-ins and real signatures: made, listed, opened without an account (the
/// page's prerendered HTML), rotated, revoked, restricted to wallets that prove themselves, and audited. Fresh wallets per
/// test, so nothing is shared between tests.
/// </summary>
[Collection(AuthAppCollection.Name)]
public sealed class ShareLinksTests(AuthApp app)
{
    private async Task<AuthApp.Session> NewUserAsync() => await app.SignInAsync(TestWallet.Fresh());

    /// <summary>A browser without an account: cookies kept (the proof cookie), no redirects followed.</summary>
    private HttpClient Visitor() =>
        app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = app.Factory.ClientOptions.BaseAddress });

    private static async Task<int> DefaultDashboardAsync(AuthApp.Session session)
    {
        var list = await session.Client.GetFromJsonAsync<JsonElement>("/api/dashboards");
        return list.EnumerateArray().Single(d => d.TryGetProperty("defaultForPortfolioId", out var p) && p.ValueKind == JsonValueKind.Number && p.GetInt32() == session.PortfolioId)
            .GetProperty("id").GetInt32();
    }

    private static async Task<(int Id, string Url, string Path)> ShareAsync(AuthApp.Session session, int dashboardId, object body)
    {
        using var response = await session.Client.PostAsJsonAsync($"/api/dashboards/{dashboardId}/share-links", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.ToString());
        var url = json.GetProperty("url").GetString()!;
        return (json.GetProperty("link").GetProperty("id").GetInt32(), url, new Uri(url).AbsolutePath);
    }

    private async Task<string> NameOfWorkspaceAsync(int workspaceId)
    {
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>().CreateDbContextAsync();
        return await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.Name).SingleAsync();
    }

    private async Task RenameWorkspaceAsync(int workspaceId, string name)
    {
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>().CreateDbContextAsync();
        await db.Workspaces.Where(w => w.Id == workspaceId).ExecuteUpdateAsync(s => s.SetProperty(w => w.Name, name));
    }

    [Fact]
    public async Task OpenShareLink_AnyoneWithoutAccount_ShowsTheDashboardAndNothingElseOfTheWorkspace()
    {
        var alice = await NewUserAsync();
        var marker = Guid.NewGuid().ToString("N")[..8];
        await RenameWorkspaceAsync(alice.WorkspaceId, $"Secret desk {marker}");
        await app.CreatePortfolioAsync(alice, $"Hidden book {marker}");
        var dashboardId = await DefaultDashboardAsync(alice);
        var (_, url, path) = await ShareAsync(alice, dashboardId, new { label = "for the auditors" });

        using var visitor = Visitor();
        var html = await visitor.GetStringAsync(path);

        Assert.StartsWith("/s/xws_", path, StringComparison.Ordinal);
        Assert.True(Uri.IsWellFormedUriString(url, UriKind.Absolute), url);
        Assert.Contains("data-testid=\"dashboard-grid\"", html, StringComparison.Ordinal);
        Assert.Contains("shared view · read-only", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"Secret desk {marker}", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"Hidden book {marker}", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/portfolios/", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListShareLinks_AfterCreate_LiveLinkListedWithoutItsSecret()
    {
        var alice = await NewUserAsync();
        var dashboardId = await DefaultDashboardAsync(alice);
        var (id, url, _) = await ShareAsync(alice, dashboardId, new { addresses = new[] { TestWallet.Bob.Address.ToString().ToLowerInvariant() } });
        var secret = url[(url.LastIndexOf('/') + 1)..];

        var ofDashboard = await alice.Client.GetStringAsync($"/api/dashboards/{dashboardId}/share-links");
        var ofWorkspace = await alice.Client.GetFromJsonAsync<JsonElement>($"/api/workspaces/{alice.WorkspaceId}/share-links");

        Assert.DoesNotContain(secret, ofDashboard, StringComparison.Ordinal);
        var link = ofWorkspace.EnumerateArray().Single();
        Assert.Equal(id, link.GetProperty("id").GetInt32());
        Assert.Equal("Addresses", link.GetProperty("audience").GetString());
        Assert.Equal(TestWallet.Bob.Address.ToString(), link.GetProperty("addresses")[0].GetString());
        Assert.Equal(alice.PortfolioId, link.GetProperty("pinnedPortfolioId").GetInt32());
        Assert.Equal(secret[^4..], link.GetProperty("tokenHint").GetString());
    }

    [Fact]
    public async Task RevokeShareLink_Live_PageSaysItEndedAndASecondRevokeIsRefused()
    {
        var alice = await NewUserAsync();
        var (id, _, path) = await ShareAsync(alice, await DefaultDashboardAsync(alice), new { });
        using var visitor = Visitor();
        Assert.Contains("data-testid=\"dashboard-grid\"", await visitor.GetStringAsync(path), StringComparison.Ordinal);

        using var revoked = await alice.Client.DeleteAsync($"/api/share-links/{id}");
        using var again = await alice.Client.DeleteAsync($"/api/share-links/{id}");
        var html = await visitor.GetStringAsync(path);

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("already ended", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("data-testid=\"share-dead\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"dashboard-grid\"", html, StringComparison.Ordinal);
        Assert.Empty((await alice.Client.GetFromJsonAsync<JsonElement>($"/api/workspaces/{alice.WorkspaceId}/share-links")).EnumerateArray());
    }

    [Fact]
    public async Task RotateShareLink_Live_OldUrlDeadNewUrlOpens()
    {
        var alice = await NewUserAsync();
        var (id, oldUrl, oldPath) = await ShareAsync(alice, await DefaultDashboardAsync(alice), new { });

        using var rotated = await alice.Client.PostAsync($"/api/share-links/{id}/rotate", null);
        var newUrl = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        using var visitor = Visitor();

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.NotEqual(oldUrl, newUrl);
        Assert.Contains("data-testid=\"share-dead\"", await visitor.GetStringAsync(oldPath), StringComparison.Ordinal);
        Assert.Contains("data-testid=\"dashboard-grid\"", await visitor.GetStringAsync(new Uri(newUrl).AbsolutePath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenShareLink_OnlyTheseAddresses_ListedWalletProvesAndSeesItAnotherIsRefusedAndAudited()
    {
        var alice = await NewUserAsync();
        var listed = TestWallet.Fresh();
        var stranger = TestWallet.Fresh();
        var (_, url, path) = await ShareAsync(alice, await DefaultDashboardAsync(alice), new { addresses = new[] { listed.Address.ToString() } });
        var secret = url[(url.LastIndexOf('/') + 1)..];

        using var strangerBrowser = Visitor();
        var before = await strangerBrowser.GetStringAsync(path);
        var (strangerStatus, strangerBody) = await ProveAsync(strangerBrowser, stranger, secret);
        var strangerAfter = await strangerBrowser.GetStringAsync(path);

        using var listedBrowser = Visitor();
        var (listedStatus, _) = await ProveAsync(listedBrowser, listed, secret);
        var listedAfter = await listedBrowser.GetStringAsync(path);
        using var elsewhere = await listedBrowser.GetAsync("/dashboards");

        Assert.Contains("data-testid=\"share-proof\"", before, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"dashboard-grid\"", before, StringComparison.Ordinal);
        Assert.Equal(403, strangerStatus);
        Assert.Equal("NotOnList", strangerBody.GetProperty("code").GetString());
        Assert.DoesNotContain("data-testid=\"dashboard-grid\"", strangerAfter, StringComparison.Ordinal);
        Assert.Equal(200, listedStatus);
        Assert.Contains("data-testid=\"dashboard-grid\"", listedAfter, StringComparison.Ordinal);
        Assert.Contains($"Shown to {listed.Address.ToString()[..6]}", listedAfter, StringComparison.Ordinal);
        // The proof is no account: the app's own pages still send the visitor to sign in.
        Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);
        Assert.Contains("/signin", elsewhere.Headers.Location!.ToString(), StringComparison.Ordinal);
        var audit = await alice.Client.GetFromJsonAsync<JsonElement>($"/api/workspaces/{alice.WorkspaceId}/audit");
        var actions = audit.EnumerateArray().Select(a => (Action: a.GetProperty("action").GetString(), Who: a.TryGetProperty("actorAddress", out var w) && w.ValueKind == JsonValueKind.String ? w.GetString() : null)).ToList();
        Assert.Contains((AuditActions.ShareLinkRefused, stranger.Address.ToString()), actions);
        Assert.Contains((AuditActions.ShareLinkViewed, listed.Address.ToString()), actions);
        Assert.Contains(actions, a => a.Action == AuditActions.ShareLinkCreated);
    }

    [Fact]
    public async Task CreateShareLink_ViewerOrStrangerOrBadInput_RefusedAndNothingMade()
    {
        var alice = await NewUserAsync();
        var bob = TestWallet.Fresh();
        var stranger = await NewUserAsync();
        using var invited = await alice.Client.PostAsJsonAsync($"/api/workspaces/{alice.WorkspaceId}/members", new { address = bob.Address.ToString(), role = "viewer" });
        var bobSession = await app.SignInAsync(bob);
        var dashboardId = await DefaultDashboardAsync(alice);

        using var byViewer = await bobSession.Client.PostAsJsonAsync($"/api/dashboards/{dashboardId}/share-links", new { });
        using var byStranger = await stranger.Client.PostAsJsonAsync($"/api/dashboards/{dashboardId}/share-links", new { });
        using var missing = await stranger.Client.PostAsJsonAsync("/api/dashboards/999999/share-links", new { });
        using var badAddress = await alice.Client.PostAsJsonAsync($"/api/dashboards/{dashboardId}/share-links", new { addresses = new[] { "0x1234" } });
        using var past = await alice.Client.PostAsJsonAsync($"/api/dashboards/{dashboardId}/share-links", new { expiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        using var foreign = await alice.Client.PostAsJsonAsync($"/api/dashboards/{dashboardId}/share-links", new { portfolioId = stranger.PortfolioId });
        using var unknownMember = await alice.Client.PostAsync($"/api/dashboards/{dashboardId}/share-links",
            new StringContent("""{"password":"x"}""", System.Text.Encoding.UTF8, "application/json"));
        var viewerList = await bobSession.Client.GetAsync($"/api/dashboards/{dashboardId}/share-links");

        Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
        Assert.Contains("viewer", (await byViewer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, byStranger.StatusCode);
        Assert.Equal(missing.StatusCode, byStranger.StatusCode);
        Assert.Equal(await missing.Content.ReadAsStringAsync(), await byStranger.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, badAddress.StatusCode);
        Assert.Contains("'0x1234' is not a wallet address", (await badAddress.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains("past or too close", (await past.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains($"portfolio {stranger.PortfolioId} is not in this dashboard's workspace", (await foreign.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknownMember.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viewerList.StatusCode);
        Assert.Empty((await viewerList.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
    }

    [Fact]
    public async Task OpenShareLink_Expired_PageSaysItEnded()
    {
        var alice = await NewUserAsync();
        var (id, _, path) = await ShareAsync(alice, await DefaultDashboardAsync(alice), new { });
        await using (var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>().CreateDbContextAsync())
        {
            var link = await db.ShareLinks.SingleAsync(l => l.Id == id);
            link.ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1);
            await db.SaveChangesAsync();
        }
        using var visitor = Visitor();

        var html = await visitor.GetStringAsync(path);

        Assert.Contains("data-testid=\"share-dead\"", html, StringComparison.Ordinal);
        Assert.Empty((await alice.Client.GetFromJsonAsync<JsonElement>($"/api/dashboards/{await DefaultDashboardAsync(alice)}/share-links")).EnumerateArray());
    }

    [Fact]
    public async Task OpenShareLink_RepeatedByOneVisitor_CountedEachTimeAuditedOnce()
    {
        var alice = await NewUserAsync();
        var (id, _, path) = await ShareAsync(alice, await DefaultDashboardAsync(alice), new { });
        using var visitor = Visitor();

        for (int i = 0; i < 3; i++) await visitor.GetStringAsync(path);

        var link = (await alice.Client.GetFromJsonAsync<JsonElement>($"/api/workspaces/{alice.WorkspaceId}/share-links")).EnumerateArray().Single(l => l.GetProperty("id").GetInt32() == id);
        var audit = await alice.Client.GetFromJsonAsync<JsonElement>($"/api/workspaces/{alice.WorkspaceId}/audit");
        Assert.Equal(3, link.GetProperty("views").GetInt32());
        Assert.Single(audit.EnumerateArray(), a => a.GetProperty("action").GetString() == AuditActions.ShareLinkViewed);
    }

    [Fact]
    public async Task ShareSnapshot_AnyoneLink_ShowsTheFrozenBlockAndRefusesVariablesAndALongerLife()
    {
        var alice = await NewUserAsync();
        await app.Factory.Services.GetRequiredService<Engine.Publishing.IExposurePublisher>()
            .PublishSnapshotAsync(Auth.WorkspaceIsolationTests.Snapshot(alice.PortfolioId) with { BlockNumber = 4_242 }, CancellationToken.None);
        using var taken = await alice.Client.PostAsJsonAsync($"/api/dashboards/{await DefaultDashboardAsync(alice)}/snapshots", new { expiry = "OneDay", name = "Month end" });
        var snapshotId = (await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        using var shared = await alice.Client.PostAsJsonAsync($"/api/snapshots/{snapshotId}/share-links", new { label = "for the auditors" });
        using var pinned = await alice.Client.PostAsJsonAsync($"/api/snapshots/{snapshotId}/share-links", new { portfolioId = alice.PortfolioId });
        using var outlives = await alice.Client.PostAsJsonAsync($"/api/snapshots/{snapshotId}/share-links", new { expiresAt = DateTimeOffset.UtcNow.AddDays(3) });
        var url = (await shared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        using var visitor = Visitor();
        var html = await visitor.GetStringAsync(new Uri(url).AbsolutePath);
        var listed = await alice.Client.GetFromJsonAsync<JsonElement>($"/api/snapshots/{snapshotId}/share-links");

        Assert.Equal(HttpStatusCode.Created, taken.StatusCode);
        Assert.Equal(HttpStatusCode.Created, shared.StatusCode);
        Assert.Contains("data-testid=\"snapshot-provenance\"", html, StringComparison.Ordinal);
        Assert.Contains("#4,242", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"share-frozen\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"share-live\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, pinned.StatusCode);
        Assert.Contains("fixed when it was taken", (await pinned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, outlives.StatusCode);
        Assert.Contains("the snapshot itself expires", (await outlives.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(snapshotId, listed.EnumerateArray().Single().GetProperty("snapshotId").GetInt32());

        // Deleting the snapshot ends its links, and cuts a viewer that has one open.
        var linkId = listed.EnumerateArray().Single().GetProperty("id").GetInt32();
        var cut = new TaskCompletionSource<Data.Sharing.ShareLinkEnd>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var open = app.Factory.Services.GetRequiredService<ExposureWeb.Sharing.ShareViewers>().Add(linkId, DateTimeOffset.UtcNow.AddHours(1), why => cut.TrySetResult(why));
        using var deleted = await alice.Client.DeleteAsync($"/api/snapshots/{snapshotId}");
        Assert.Equal(Data.Sharing.ShareLinkEnd.Revoked, await cut.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains("data-testid=\"share-dead\"", await visitor.GetStringAsync(new Uri(url).AbsolutePath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteDashboard_WithALiveLink_LinkDiesAndItsOpenViewerIsCut()
    {
        var alice = await NewUserAsync();
        using var created = await alice.Client.PostAsJsonAsync("/api/dashboards", new { workspaceId = alice.WorkspaceId, name = "Desk to go" });
        var dashboardId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var (id, _, path) = await ShareAsync(alice, dashboardId, new { });
        var cut = new TaskCompletionSource<Data.Sharing.ShareLinkEnd>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var open = app.Factory.Services.GetRequiredService<ExposureWeb.Sharing.ShareViewers>().Add(id, DateTimeOffset.UtcNow.AddHours(1), why => cut.TrySetResult(why));

        using var deleted = await alice.Client.DeleteAsync($"/api/dashboards/{dashboardId}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(Data.Sharing.ShareLinkEnd.Revoked, await cut.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        using var visitor = Visitor();
        Assert.Contains("data-testid=\"share-dead\"", await visitor.GetStringAsync(path), StringComparison.Ordinal);
        Assert.Empty((await alice.Client.GetFromJsonAsync<JsonElement>($"/api/workspaces/{alice.WorkspaceId}/share-links")).EnumerateArray());
    }

    private static async Task<(int Status, JsonElement Body)> ProveAsync(HttpClient browser, TestWallet wallet, string secret)
    {
        var (message, status, body) = await wallet.ProveToShareLinkAsync(browser, secret);
        Assert.Contains("Prove that you hold this address", message, StringComparison.Ordinal);
        return (status, body);
    }
}
