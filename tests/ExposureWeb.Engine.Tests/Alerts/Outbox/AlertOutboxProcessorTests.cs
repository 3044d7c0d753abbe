using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Alerts;
using ExposureWeb.Engine.Tests.Alerts.Delivery;
using Microsoft.EntityFrameworkCore;

namespace ExposureWeb.Engine.Tests.Alerts.Outbox;

/// <summary>The outbox processor on a real SQLite database, against a real webhook receiver and a real SMTP server.</summary>
public sealed class AlertOutboxProcessorTests
{
    private static readonly string[] Secrets = ["whsec-current"];

    [Fact]
    public async Task DeliverDueAsync_ReceiverDownThenBack_RetriedWithBackoffAndDeliveredOnce()
    {
        await using var fixture = await OutboxFixture.StartAsync();
        var port = FreePort();
        var destination = await fixture.AddDestinationAsync(AlertDestinationKind.Webhook, $"http://127.0.0.1:{port}/hooks/risk", Secrets[0]);
        var id = await fixture.EnqueueAsync(AlertChannel.Webhook, destination.Id);

        // Nothing listens on the port: two attempts fail and are scheduled with backoff (full jitter, ≤ 2 s then ≤ 4 s).
        await fixture.Processor.DeliverDueAsync(CancellationToken.None);
        var first = await fixture.NotificationAsync(id);
        Assert.Equal((AlertNotificationStatus.Pending, 1), (first.Status, first.Attempts));
        Assert.InRange(first.NextAttemptAt - fixture.Time.GetUtcNow(), TimeSpan.Zero, TimeSpan.FromSeconds(2));
        await fixture.RunNextAttemptAsync(id);
        var second = await fixture.NotificationAsync(id);
        Assert.Equal(2, second.Attempts);
        Assert.InRange(second.NextAttemptAt - fixture.Time.GetUtcNow(), TimeSpan.Zero, TimeSpan.FromSeconds(4));

        await using var receiver = await WebhookReceiver.StartAsync(Secrets, port);
        await fixture.RunNextAttemptAsync(id);
        // Run again: a delivered notification is not sent twice.
        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        await fixture.Processor.DeliverDueAsync(CancellationToken.None);

        var delivered = await fixture.NotificationAsync(id);
        Assert.Equal(AlertNotificationStatus.Delivered, delivered.Status);
        Assert.Equal(1, receiver.Accepted(fixture.Key));
        var received = Assert.Single(receiver.Received);
        Assert.True(received.SignatureValid);
        var payload = JsonSerializer.Deserialize<AlertNotificationPayload>(received.Body, AlertRuleJson.Options)!;
        Assert.Equal((fixture.Key, 1.42, 100ul), (payload.IdempotencyKey, payload.Value, payload.BlockNumber));
        var attempts = await fixture.AttemptsAsync(id);
        Assert.Equal([false, false, true], attempts.Select(a => a.Succeeded));
        Assert.All(attempts.Take(2), a => Assert.False(string.IsNullOrEmpty(a.Error)));
        Assert.Equal(200, attempts[2].StatusCode);
    }

    [Fact]
    public async Task DeliverDueAsync_FailingPastTheLimit_DeadLetteredAndAReplayDelivers()
    {
        await using var fixture = await OutboxFixture.StartAsync(maxAttempts: 3);
        await using var receiver = await WebhookReceiver.StartAsync(Secrets);
        receiver.AlwaysAnswer = 503;
        var destination = await fixture.AddDestinationAsync(AlertDestinationKind.Webhook, receiver.Url + "hooks", Secrets[0]);
        var id = await fixture.EnqueueAsync(AlertChannel.Webhook, destination.Id);

        for (int i = 0; i < 3; i++) await fixture.RunNextAttemptAsync(id);

        var dead = await fixture.NotificationAsync(id);
        Assert.Equal((AlertNotificationStatus.DeadLetter, 3), (dead.Status, dead.Attempts));
        Assert.Contains("gave up after 3 attempts", dead.LastError);
        Assert.Equal(0, receiver.Accepted(fixture.Key));

        receiver.Heal();
        Assert.Equal(ReplayOutcome.Replayed, (await fixture.History.ReplayAsync(fixture.MemberIds[0], id)).Outcome);
        await fixture.Processor.DeliverDueAsync(CancellationToken.None);

        Assert.Equal(AlertNotificationStatus.Delivered, (await fixture.NotificationAsync(id)).Status);
        Assert.Equal(1, receiver.Accepted(fixture.Key));
        Assert.Equal(4, (await fixture.AttemptsAsync(id)).Count);
    }

    [Fact]
    public async Task DeliverDueAsync_TwoProcessesAtOnce_EachNotificationSentOnce()
    {
        await using var fixture = await OutboxFixture.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync(Secrets);
        var destination = await fixture.AddDestinationAsync(AlertDestinationKind.Webhook, receiver.Url + "hooks", Secrets[0]);
        var id = await fixture.EnqueueAsync(AlertChannel.Webhook, destination.Id);

        var a = fixture.NewProcessor();
        var b = fixture.NewProcessor();
        await Task.WhenAll(a.DeliverDueAsync(CancellationToken.None), b.DeliverDueAsync(CancellationToken.None), fixture.Processor.DeliverDueAsync(CancellationToken.None));

        Assert.Single(receiver.Received);
        Assert.Single(await fixture.AttemptsAsync(id));
    }

    [Fact]
    public async Task DeliverDueAsync_RotatedSecrets_ReceiverHoldingEitherVerifies()
    {
        await using var fixture = await OutboxFixture.StartAsync();
        await using var oldReceiver = await WebhookReceiver.StartAsync(["whsec-old"]);
        var destination = await fixture.AddDestinationAsync(AlertDestinationKind.Webhook, oldReceiver.Url + "hooks", "whsec-new", "whsec-old");
        await fixture.EnqueueAsync(AlertChannel.Webhook, destination.Id);

        await fixture.Processor.DeliverDueAsync(CancellationToken.None);

        Assert.True(Assert.Single(oldReceiver.Received).SignatureValid);
    }

    [Fact]
    public async Task DeliverDueAsync_Email_ArrivesAtTheSmtpServerWithValueUnitAndBlock()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var fixture = await OutboxFixture.StartAsync(smtp.Port);
        var destination = await fixture.AddDestinationAsync(AlertDestinationKind.Email, "risk@example.com, ops@example.org");
        var id = await fixture.EnqueueAsync(AlertChannel.Email, destination.Id);

        await fixture.Processor.DeliverDueAsync(CancellationToken.None);

        Assert.Equal(AlertNotificationStatus.Delivered, (await fixture.NotificationAsync(id)).Status);
        var mail = Assert.Single(smtp.Messages);
        Assert.Equal(["risk@example.com", "ops@example.org"], mail.EnvelopeTo);
        Assert.Equal("[ExposureWeb] Warning: Health factor — aave-v3 0x7099…79C8", mail.Message.Subject);
        var text = mail.Message.TextBody!;
        Assert.Contains("health factor 1.42 below 1.5 at block 100", text);
        Assert.Contains($"Block:      100 (0x{new string('a', 64)}) on local", text);
        Assert.Contains($"https://risk.example.com/portfolios/{fixture.PortfolioId}/alerts", text);
        Assert.Contains(fixture.Key, text);
    }

    [Fact]
    public async Task DeliverDueAsync_InApp_InboxEntryForEveryMemberAndOneToast()
    {
        await using var fixture = await OutboxFixture.StartAsync();
        var id = await fixture.EnqueueAsync(AlertChannel.InApp);

        await fixture.Processor.DeliverDueAsync(CancellationToken.None);
        // Delivered again (at least once: a crash before the row was marked) adds no second inbox entry.
        await using (var again = await fixture.Db.CreateDbContextAsync())
        {
            await again.AlertNotifications.Where(n => n.Id == id).ExecuteUpdateAsync(s => s.SetProperty(n => n.Status, AlertNotificationStatus.Pending));
        }
        await fixture.Processor.DeliverDueAsync(CancellationToken.None);

        await using var db = await fixture.Db.CreateDbContextAsync();
        var inbox = await db.AlertInbox.AsNoTracking().ToListAsync();
        Assert.Equal(fixture.MemberIds.Order(), inbox.Select(i => i.UserId).Order());
        Assert.All(inbox, i => Assert.Equal(("Warning: Health factor — aave-v3 0x7099…79C8", "Warning", (DateTimeOffset?)null), (i.Title, i.Severity, i.AcknowledgedAt)));
        var toast = fixture.Publisher.Toasts.First();
        Assert.Equal((fixture.WorkspaceId, fixture.PortfolioId, "firing"), (toast.WorkspaceId, toast.PortfolioId, toast.Kind));
    }

    [Fact]
    public async Task DeliverDueAsync_DestinationDeleted_DeadLetteredWithTheReason()
    {
        await using var fixture = await OutboxFixture.StartAsync();
        var destination = await fixture.AddDestinationAsync(AlertDestinationKind.Webhook, "https://hooks.example.com/x", "s");
        var id = await fixture.EnqueueAsync(AlertChannel.Webhook, destination.Id);
        await using (var db = await fixture.Db.CreateDbContextAsync())
        {
            await db.AlertDestinations.Where(d => d.Id == destination.Id).ExecuteDeleteAsync();
        }

        await fixture.Processor.DeliverDueAsync(CancellationToken.None);

        var n = await fixture.NotificationAsync(id);
        Assert.Equal(AlertNotificationStatus.DeadLetter, n.Status);
        Assert.Contains("destination was deleted", n.LastError);
    }

    [Fact]
    public async Task DeliverDueAsync_WebhookToMetadataAddress_DeadLetteredWithoutARequest()
    {
        await using var fixture = await OutboxFixture.StartAsync();
        var destination = await fixture.AddDestinationAsync(AlertDestinationKind.Webhook, "http://169.254.169.254/latest/meta-data", "s");
        var id = await fixture.EnqueueAsync(AlertChannel.Webhook, destination.Id);

        await fixture.Processor.DeliverDueAsync(CancellationToken.None);

        var n = await fixture.NotificationAsync(id);
        Assert.Equal(AlertNotificationStatus.DeadLetter, n.Status);
        Assert.Contains("metadata", n.LastError);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
