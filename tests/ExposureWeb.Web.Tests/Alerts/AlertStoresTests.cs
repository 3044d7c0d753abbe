using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Alerts;
using ExposureWeb.Hubs;
using ExposureWeb.Web.Tests.Auth;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.Alerts;

/// <summary>The inbox, destination stores and the hub's workspace alert group, on the app's real database and hub.</summary>
[Collection(AuthAppCollection.Name)]
public sealed class AlertStoresTests(AuthApp app)
{
    private T Service<T>() where T : notnull => app.Factory.Services.GetRequiredService<T>();

    private async Task<(AuthApp.Session Alice, int PortfolioId, AlertNotification Notification)> FiringAsync()
    {
        var alice = await app.SignInAsync(TestWallet.Alice);
        var portfolioId = await app.CreatePortfolioAsync(alice, "Inbox " + Guid.NewGuid().ToString("N")[..6]);
        var definition = Data.Alerts.AlertRuleJson.Deserialize(AlertTestData.HealthFactorRule());
        var saved = await Service<AlertRuleStore>().CreateAsync(alice.UserId, portfolioId, definition);
        Assert.True(saved.Ok, saved.Result.Error);
        var (_, notification) = await AlertTestData.SeedFiringAsync(app, saved.Saved!.Rule.Id, alice.WorkspaceId, portfolioId, AlertNotificationStatus.Delivered);
        return (alice, portfolioId, notification);
    }

    [Fact]
    public async Task Acknowledge_OneAndAll_OnlyTheCallersEntries()
    {
        var (alice, portfolioId, notification) = await FiringAsync();
        var bob = await app.SignInAsync(TestWallet.Bob);
        var inbox = Service<AlertInboxStore>();
        var alicesEntry = await AlertTestData.AddInboxEntryAsync(app, alice.UserId, notification, portfolioId);
        var bobsEntry = await AlertTestData.AddInboxEntryAsync(app, bob.UserId, notification, portfolioId);
        var bobsUnread = await inbox.UnreadCountAsync(bob.UserId);

        var bobTakesAlices = await inbox.AcknowledgeAsync(bob.UserId, alicesEntry.Id);
        var aliceUnreadBefore = (await inbox.ListAsync(alice.UserId)).Unread;
        var aliceOwn = await inbox.AcknowledgeAsync(alice.UserId, alicesEntry.Id);
        var aliceAll = await inbox.AcknowledgeAllAsync(alice.UserId);

        Assert.False(bobTakesAlices);
        Assert.True(aliceOwn);
        Assert.True(aliceUnreadBefore >= 1);
        Assert.Equal(0, await inbox.UnreadCountAsync(alice.UserId));
        Assert.Equal(bobsUnread, await inbox.UnreadCountAsync(bob.UserId));
        Assert.Null((await inbox.ListAsync(bob.UserId)).Entries.Single(e => e.Id == bobsEntry.Id).AcknowledgedAt);
        Assert.True(aliceAll >= 0);
    }

    [Fact]
    public async Task CreateWebhook_SecretShownOnceRotatedAndRetired()
    {
        var alice = await app.SignInAsync(TestWallet.Alice);
        var store = Service<AlertDestinationStore>();

        var created = await store.CreateAsync(alice.UserId, alice.WorkspaceId, AlertDestinationKind.Webhook, "Ops", "https://hooks.example.com/exposure");
        var rotated = await store.RotateSecretAsync(alice.UserId, created.Destination!.Id);
        var listed = (await store.ListAsync(alice.UserId, alice.WorkspaceId))!.Single(d => d.Id == created.Destination.Id);
        var retired = await store.RetireOldSecretAsync(alice.UserId, created.Destination.Id);

        Assert.True(created.Ok);
        Assert.Equal(43, created.NewSecret!.Length);
        Assert.NotEqual(created.NewSecret, rotated.NewSecret);
        Assert.True(listed.HasSecondarySecret);
        Assert.False(retired.Destination!.HasSecondarySecret);
        await using var db = await AlertTestData.DbAsync(app);
        var row = await db.AlertDestinations.AsNoTracking().SingleAsync(d => d.Id == created.Destination.Id);
        Assert.Equal(rotated.NewSecret, row.Secret);
        Assert.Null(row.SecondarySecret);
    }

    [Theory]
    [InlineData(AlertDestinationKind.Webhook, "ftp://hooks.example.com/x")]
    [InlineData(AlertDestinationKind.Webhook, "hooks.example.com/x")]
    [InlineData(AlertDestinationKind.Webhook, "")]
    [InlineData(AlertDestinationKind.Email, "")]
    [InlineData(AlertDestinationKind.Email, "ops@example.com, not an address")]
    public async Task CreateDestination_BadTarget_FieldErrorAndNothingSaved(AlertDestinationKind kind, string target)
    {
        var alice = await app.SignInAsync(TestWallet.Alice);
        var store = Service<AlertDestinationStore>();
        var before = (await store.ListAsync(alice.UserId, alice.WorkspaceId))!.Count;

        var result = await store.CreateAsync(alice.UserId, alice.WorkspaceId, kind, "Bad", target);

        Assert.False(result.Ok);
        Assert.Contains(result.Errors, e => e.Field == AlertDestinationField.Target);
        Assert.Equal(before, (await store.ListAsync(alice.UserId, alice.WorkspaceId))!.Count);
    }

    [Fact]
    public async Task Destinations_AnotherWorkspace_MissingAndViewerForbidden()
    {
        var alice = await app.SignInAsync(TestWallet.Alice);
        var bob = await app.SignInAsync(TestWallet.Bob);
        var carol = await app.SignInAsync(TestWallet.Carol);
        await AlertTestData.AddMemberAsync(app, alice.WorkspaceId, carol.UserId, WorkspaceRole.Viewer);
        var store = Service<AlertDestinationStore>();
        var created = await store.CreateAsync(alice.UserId, alice.WorkspaceId, AlertDestinationKind.Email, "Team", "ops@example.com");

        Assert.Null(await store.ListAsync(bob.UserId, alice.WorkspaceId));
        Assert.True((await store.DeleteAsync(bob.UserId, created.Destination!.Id)).Result.NotFound);
        Assert.True((await store.RotateSecretAsync(bob.UserId, created.Destination.Id)).Result.NotFound);
        Assert.NotNull(await store.ListAsync(carol.UserId, alice.WorkspaceId));
        Assert.True((await store.DeleteAsync(carol.UserId, created.Destination.Id)).Forbidden);
        Assert.True((await store.CreateAsync(carol.UserId, alice.WorkspaceId, AlertDestinationKind.Email, "x", "x@example.com")).Forbidden);
    }

    private HubConnection Connect(string token)
    {
        var factory = app.Factory;
        return new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, ExposureHub.Path.TrimStart('/')), o =>
            {
                o.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
    }

    private async Task<string> TokenAsync(AuthApp.Session session)
    {
        var (result, _, secret) = await Service<Data.Accounts.ApiTokenStore>().CreateAsync(session.UserId, "alerts hub test", TimeSpan.FromDays(1));
        Assert.True(result.Ok, result.Error);
        return secret!;
    }

    [Fact]
    public async Task SubscribeWorkspaceAlerts_NonMember_RefusedLikeAMissingWorkspaceAndNoToast()
    {
        var alice = await app.SignInAsync(TestWallet.Alice);
        var bob = await app.SignInAsync(TestWallet.Bob);
        await using var bobsConnection = Connect(await TokenAsync(bob));
        var toasts = new List<AlertToast>();
        bobsConnection.On<AlertToast>(nameof(IExposureClient.AlertToast), t => { lock (toasts) toasts.Add(t); });
        await bobsConnection.StartAsync();

        var other = await Assert.ThrowsAsync<HubException>(() => bobsConnection.InvokeAsync(nameof(ExposureHub.SubscribeWorkspaceAlerts), alice.WorkspaceId));
        var missing = await Assert.ThrowsAsync<HubException>(() => bobsConnection.InvokeAsync(nameof(ExposureHub.SubscribeWorkspaceAlerts), 987_654));
        await Service<IAlertPublisher>().PublishToastAsync(Toast(alice.WorkspaceId), CancellationToken.None);
        await Task.Delay(300);

        Assert.Equal(other.Message.Replace(alice.WorkspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture), "N", StringComparison.Ordinal),
            missing.Message.Replace("987654", "N", StringComparison.Ordinal));
        lock (toasts) Assert.Empty(toasts);
    }

    [Fact]
    public async Task SubscribeWorkspaceAlerts_Member_ReceivesToastsOfThatWorkspace()
    {
        var alice = await app.SignInAsync(TestWallet.Alice);
        await using var connection = Connect(await TokenAsync(alice));
        var received = new TaskCompletionSource<AlertToast>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<AlertToast>(nameof(IExposureClient.AlertToast), t => received.TrySetResult(t));
        await connection.StartAsync();

        await connection.InvokeAsync(nameof(ExposureHub.SubscribeWorkspaceAlerts), alice.WorkspaceId);
        await Service<IAlertPublisher>().PublishToastAsync(Toast(alice.WorkspaceId), CancellationToken.None);

        var toast = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("Warning: Health factor of 0x7099…", toast.Title);
        Assert.Equal(Risk.Alerts.AlertSeverity.Warning, toast.Severity);
    }

    [Fact]
    public void AlertPublisher_Registered_IsTheHubPublisher() => Assert.IsType<HubAlertPublisher>(Service<IAlertPublisher>());

    private static AlertToast Toast(int workspaceId) =>
        new(1, workspaceId, 1, 1, "Warning: Health factor of 0x7099…", "health factor 1.31 below 1.5 at block 120 (firing)", Risk.Alerts.AlertSeverity.Warning, "firing", DateTimeOffset.UtcNow);
}
