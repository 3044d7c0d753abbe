using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.Workspaces;
using ExposureWeb.Web.Tests.Auth;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.Workspaces;

/// <summary>
/// Members, invitations and the audit log through the REST API of a real app with real SIWE sign-ins. Every test uses
/// fresh wallets, so what one test shares never reaches another's users.
/// </summary>
[Collection(AuthAppCollection.Name)]
public sealed class MembershipApiTests(AuthApp app)
{
    private async Task<(TestWallet Wallet, AuthApp.Session Session)> NewUserAsync()
    {
        var wallet = TestWallet.Fresh();
        return (wallet, await app.SignInAsync(wallet));
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    private static Task<HttpResponseMessage> InviteAsync(AuthApp.Session owner, string address, string role, double? hours = null) =>
        owner.Client.PostAsJsonAsync($"/api/workspaces/{owner.WorkspaceId}/members", new { address, role, expiresInHours = hours });

    [Fact]
    public async Task InviteMember_InviteeSignsIn_JoinsWithTheRoleAndSeesThePortfolio()
    {
        var (_, alice) = await NewUserAsync();
        var bob = TestWallet.Fresh();

        using var invited = await InviteAsync(alice, bob.Address.ToString().ToLowerInvariant(), "viewer");
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var bobSession = await app.SignInAsync(bob);

        var workspaces = await bobSession.Client.GetFromJsonAsync<JsonElement>("/api/workspaces");
        var shared = workspaces.EnumerateArray().Single(w => w.GetProperty("id").GetInt32() == alice.WorkspaceId);
        Assert.Equal("Viewer", shared.GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.OK, (await bobSession.Client.GetAsync($"/api/portfolios/{alice.PortfolioId}")).StatusCode);
        var members = await alice.Client.GetFromJsonAsync<JsonElement>($"/api/workspaces/{alice.WorkspaceId}/members");
        Assert.Contains(members.EnumerateArray(), m => m.GetProperty("address").GetString() == bob.Address.ToString());
        var invitations = await alice.Client.GetFromJsonAsync<JsonElement>($"/api/workspaces/{alice.WorkspaceId}/invitations");
        Assert.Equal("Accepted", invitations.EnumerateArray().Single().GetProperty("state").GetString());
    }

    [Fact]
    public async Task Audit_InviteJoinRoleChangeRemove_RecordedWithTheActingWallet()
    {
        var (aliceWallet, alice) = await NewUserAsync();
        var bob = TestWallet.Fresh();
        await InviteAsync(alice, bob.Address.ToString(), "viewer");
        var bobSession = await app.SignInAsync(bob);

        using var promote = await alice.Client.PatchAsJsonAsync($"/api/workspaces/{alice.WorkspaceId}/members/{bobSession.UserId}", new { role = "editor" });
        using var remove = await alice.Client.DeleteAsync($"/api/workspaces/{alice.WorkspaceId}/members/{bobSession.UserId}");
        var audit = await alice.Client.GetFromJsonAsync<JsonElement>($"/api/workspaces/{alice.WorkspaceId}/audit");

        Assert.Equal(HttpStatusCode.NoContent, promote.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, remove.StatusCode);
        var lines = audit.EnumerateArray().Reverse().ToList();
        Assert.Equal(
            [AuditActions.MemberInvited, AuditActions.MemberJoined, AuditActions.MemberRoleChanged, AuditActions.MemberRemoved],
            lines.Select(l => l.GetProperty("action").GetString()));
        Assert.Equal(aliceWallet.Address.ToString(), lines[0].GetProperty("actorAddress").GetString());
        Assert.Equal(bob.Address.ToString(), lines[1].GetProperty("actorAddress").GetString());
        Assert.Equal("viewer → editor", lines[2].GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await bobSession.Client.GetAsync($"/api/portfolios/{alice.PortfolioId}")).StatusCode);
    }

    [Fact]
    public async Task MemberRoles_ViewerEditorStranger_RefusedAsTheyShouldBe()
    {
        var (_, alice) = await NewUserAsync();
        var viewer = TestWallet.Fresh();
        var editor = TestWallet.Fresh();
        await InviteAsync(alice, viewer.Address.ToString(), "viewer");
        await InviteAsync(alice, editor.Address.ToString(), "editor");
        var viewerSession = await app.SignInAsync(viewer);
        var editorSession = await app.SignInAsync(editor);
        var (_, stranger) = await NewUserAsync();
        var anonymous = app.Factory.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = app.Factory.ClientOptions.BaseAddress });
        var ws = alice.WorkspaceId;

        // Members read the lists; only owners invite, change roles, remove and read the audit log.
        Assert.Equal(HttpStatusCode.OK, (await viewerSession.Client.GetAsync($"/api/workspaces/{ws}/members")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await editorSession.Client.GetAsync($"/api/workspaces/{ws}/invitations")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await InviteAsync(viewerSession with { WorkspaceId = ws }, TestWallet.Fresh().Address.ToString(), "owner")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await InviteAsync(editorSession with { WorkspaceId = ws }, TestWallet.Fresh().Address.ToString(), "viewer")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editorSession.Client.PatchAsJsonAsync($"/api/workspaces/{ws}/members/{viewerSession.UserId}", new { role = "owner" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editorSession.Client.DeleteAsync($"/api/workspaces/{ws}/members/{viewerSession.UserId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editorSession.Client.GetAsync($"/api/workspaces/{ws}/audit")).StatusCode);
        // A stranger gets a missing workspace, whatever they ask.
        foreach (var path in new[] { "members", "invitations", "audit" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/workspaces/{ws}/{path}")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/workspaces/{ws}/{path}")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await InviteAsync(stranger with { WorkspaceId = ws }, TestWallet.Fresh().Address.ToString(), "viewer")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.DeleteAsync($"/api/workspaces/{ws}/members/{viewerSession.UserId}")).StatusCode);
        Assert.DoesNotContain(alice.WorkspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (await stranger.Client.GetFromJsonAsync<JsonElement>("/api/workspaces")).EnumerateArray().Select(w => w.GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        // And nothing of it changed anything.
        var members = await alice.Client.GetFromJsonAsync<JsonElement>($"/api/workspaces/{ws}/members");
        Assert.Equal(3, members.GetArrayLength());
    }

    [Fact]
    public async Task LastOwner_DemoteOrLeave_RefusedUntilAnotherOwnerExists()
    {
        var (_, alice) = await NewUserAsync();
        var bob = TestWallet.Fresh();
        await InviteAsync(alice, bob.Address.ToString(), "viewer");
        var bobSession = await app.SignInAsync(bob);
        var ws = alice.WorkspaceId;

        using var demote = await alice.Client.PatchAsJsonAsync($"/api/workspaces/{ws}/members/{alice.UserId}", new { role = "viewer" });
        using var leave = await alice.Client.DeleteAsync($"/api/workspaces/{ws}/members/{alice.UserId}");
        Assert.Equal(HttpStatusCode.BadRequest, demote.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, leave.StatusCode);
        Assert.Contains("at least one owner", (await JsonAsync(demote)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("only owner", (await JsonAsync(leave)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        await alice.Client.PatchAsJsonAsync($"/api/workspaces/{ws}/members/{bobSession.UserId}", new { role = "owner" });
        using var leaveNow = await alice.Client.DeleteAsync($"/api/workspaces/{ws}/members/{alice.UserId}");

        Assert.Equal(HttpStatusCode.NoContent, leaveNow.StatusCode);
        var members = await bobSession.Client.GetFromJsonAsync<JsonElement>($"/api/workspaces/{ws}/members");
        Assert.Equal("Owner", members.EnumerateArray().Single().GetProperty("role").GetString());
    }

    [Fact]
    public async Task ChangeRole_TwoOwnersDemoteEachOtherAtOnce_OneOwnerRemains()
    {
        var (_, alice) = await NewUserAsync();
        var bob = TestWallet.Fresh();
        await InviteAsync(alice, bob.Address.ToString(), "owner");
        var bobSession = await app.SignInAsync(bob);
        var ws = alice.WorkspaceId;

        var results = await Task.WhenAll(
            alice.Client.PatchAsJsonAsync($"/api/workspaces/{ws}/members/{alice.UserId}", new { role = "viewer" }),
            bobSession.Client.PatchAsJsonAsync($"/api/workspaces/{ws}/members/{bobSession.UserId}", new { role = "viewer" }));

        Assert.Single(results, r => r.StatusCode == HttpStatusCode.NoContent);
        var members = await alice.Client.GetFromJsonAsync<JsonElement>($"/api/workspaces/{ws}/members");
        Assert.Single(members.EnumerateArray(), m => m.GetProperty("role").GetString() == "Owner");
    }

    [Theory]
    [InlineData("""{"address":"0x123","role":"viewer"}""", "40 hex")]
    [InlineData("""{"address":"0x70997970C51812dc3A010C7d01b50e0d17dc79c8","role":"viewer"}""", "checksum")]
    [InlineData("""{"address":"0x70997970c51812dc3a010c7d01b50e0d17dc79c8","role":"viewer","expiresInHours":0}""", "expiresInHours")]
    [InlineData("""{"address":"0x70997970c51812dc3a010c7d01b50e0d17dc79c8","role":"viewer","expiresInHours":100000}""", "expiresInHours")]
    [InlineData("""{"address":"0x70997970c51812dc3a010c7d01b50e0d17dc79c8","role":9}""", "not a valid value for role")]
    [InlineData("""{"address":"0x70997970c51812dc3a010c7d01b50e0d17dc79c8","role":"viewer","note":"x"}""", "note")]
    [InlineData("""{"role":"viewer"}""", "wallet address")]
    public async Task InviteMember_BadInput_400WithTheReasonAndNothingSaved(string body, string reason)
    {
        var (_, alice) = await NewUserAsync();

        using var response = await alice.Client.PostAsync($"/api/workspaces/{alice.WorkspaceId}/members", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await JsonAsync(response)).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, (await alice.Client.GetFromJsonAsync<JsonElement>($"/api/workspaces/{alice.WorkspaceId}/invitations")).GetArrayLength());
    }

    [Fact]
    public async Task InviteLink_UsedOnce_SecondWalletRefusedAndRevokedLinkDead()
    {
        var (_, alice) = await NewUserAsync();
        using var created = await alice.Client.PostAsJsonAsync($"/api/workspaces/{alice.WorkspaceId}/invitations", new { role = "editor" });
        var link = (await JsonAsync(created)).GetProperty("link").GetString()!;
        var secret = link["/invite/".Length..];
        var store = app.Factory.Services.GetRequiredService<MembershipStore>();
        var (_, carol) = await NewUserAsync();
        var (_, dave) = await NewUserAsync();

        var page = await carol.Client.GetStringAsync(link);
        var (first, workspaceId) = await store.AcceptLinkAsync(new WorkspaceActor(carol.UserId, "carol", "127.0.0.1"), secret);
        var (second, _) = await store.AcceptLinkAsync(new WorkspaceActor(dave.UserId, "dave", "127.0.0.1"), secret);
        var usedPage = await dave.Client.GetStringAsync(link);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("data-testid=\"invite-join\"", page, StringComparison.Ordinal);
        Assert.True(first.Ok, first.Error);
        Assert.Equal(alice.WorkspaceId, workspaceId);
        Assert.False(second.Ok);
        Assert.Contains("already used", second.Error, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"invite-invalid\"", usedPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await carol.Client.GetAsync($"/api/portfolios/{alice.PortfolioId}")).StatusCode);

        using var another = await alice.Client.PostAsJsonAsync($"/api/workspaces/{alice.WorkspaceId}/invitations", new { role = "viewer" });
        var anotherBody = await JsonAsync(another);
        var id = anotherBody.GetProperty("invitation").GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.DeleteAsync($"/api/invitations/{id}")).StatusCode);
        var (revoked, _) = await store.AcceptLinkAsync(new WorkspaceActor(dave.UserId, "dave", "127.0.0.1"), anotherBody.GetProperty("link").GetString()!["/invite/".Length..]);
        Assert.Contains("revoked", revoked.Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await dave.Client.GetAsync($"/api/portfolios/{alice.PortfolioId}")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_WorkspaceEndpoints_Documented()
    {
        var (_, alice) = await NewUserAsync();

        var document = await alice.Client.GetStringAsync("/openapi/v1.json");

        foreach (var path in new[] { "/api/workspaces/{id}/members", "/api/workspaces/{id}/invitations", "/api/invitations/{invitationId}", "/api/workspaces/{id}/audit" })
        {
            Assert.Contains($"\"{path}\"", document, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RemoveMember_OpenHubConnection_ClosedAtOnceAndResubscribeRefused()
    {
        var (_, alice) = await NewUserAsync();
        var bob = TestWallet.Fresh();
        await InviteAsync(alice, bob.Address.ToString(), "viewer");
        using var bobBrowser = new CookieBrowser(app.Factory);
        await bobBrowser.SignInAsync(bob);
        var bobId = (await bobBrowser.Client.GetFromJsonAsync<JsonElement>($"/api/workspaces/{alice.WorkspaceId}/members")).EnumerateArray()
            .Single(m => m.GetProperty("address").GetString() == bob.Address.ToString()).GetProperty("userId").GetInt32();
        await using var hub = CookieBrowser.HubWithCookie(app.Factory, bobBrowser.SessionCookie!);
        var closed = new TaskCompletionSource();
        hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("SubscribePortfolio", alice.PortfolioId);

        using var removed = await alice.Client.DeleteAsync($"/api/workspaces/{alice.WorkspaceId}/members/{bobId}");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await using var again = CookieBrowser.HubWithCookie(app.Factory, bobBrowser.SessionCookie!);
        await again.StartAsync();
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => again.InvokeAsync<JsonElement>("SubscribePortfolio", alice.PortfolioId));
    }
}
