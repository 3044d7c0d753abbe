using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Tests.Alerts.Delivery;
using ExposureWeb.Risk.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Engine.Tests.Alerts.Outbox;

/// <summary>Silences and mute timings applied by the outbox, on a real SQLite database against a real webhook receiver.</summary>
public sealed class AlertOutboxHoldTests
{
    private static readonly string[] Secrets = ["whsec-current"];

    [Fact]
    public async Task DeliverDueAsync_MatchingSilence_NotSentAndMarkedSilencedWithItsIdAndComment()
    {
        await using var fixture = await OutboxFixture.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync(Secrets);
        receiver.Clock = fixture.Time;
        var destination = await fixture.AddDestinationAsync(AlertDestinationKind.Webhook, receiver.Url + "hooks", Secrets[0]);
        var silence = await fixture.AddSilenceAsync(TimeSpan.FromHours(2), "oracle migration",
            new(AlertLabels.Rule, AlertMatchOp.Equal, "Health factor"), new(AlertLabels.Severity, AlertMatchOp.Regex, "warning|critical"));
        var webhook = await fixture.EnqueueAsync(AlertChannel.Webhook, destination.Id);
        var inApp = await fixture.EnqueueAsync(AlertChannel.InApp);

        await fixture.Processor.DeliverDueAsync(CancellationToken.None);
        fixture.Time.Advance(TimeSpan.FromMinutes(10));
        await fixture.Processor.DeliverDueAsync(CancellationToken.None);

        Assert.Empty(receiver.Received);
        Assert.Empty(fixture.Publisher.Toasts);
        foreach (var id in new[] { webhook, inApp })
        {
            var n = await fixture.NotificationAsync(id);
            Assert.Equal((AlertNotificationStatus.Silenced, 0, (DateTimeOffset?)null), (n.Status, n.Attempts, n.DeliveredAt));
            Assert.Equal($"silenced by silence {silence.Id}: oracle migration", n.LastError);
            Assert.Empty(await fixture.AttemptsAsync(id));
        }
        // The deliveries page and API read it from the same store.
        var listed = await fixture.History.DeliveriesOfRuleAsync(fixture.MemberIds[0], fixture.RuleId);
        Assert.All(listed!, d => Assert.Equal(AlertNotificationStatus.Silenced, d.Notification.Status));
    }

    [Fact]
    public async Task DeliverDueAsync_SilenceNotMatching_Delivered()
    {
        await using var fixture = await OutboxFixture.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync(Secrets);
        receiver.Clock = fixture.Time;
        var destination = await fixture.AddDestinationAsync(AlertDestinationKind.Webhook, receiver.Url + "hooks", Secrets[0]);
        await fixture.AddSilenceAsync(TimeSpan.FromHours(2), "only criticals are quiet", new AlertSilenceMatcher(AlertLabels.Severity, AlertMatchOp.Equal, "critical"));
        var id = await fixture.EnqueueAsync(AlertChannel.Webhook, destination.Id);

        await fixture.Processor.DeliverDueAsync(CancellationToken.None);

        Assert.Equal(AlertNotificationStatus.Delivered, (await fixture.NotificationAsync(id)).Status);
        Assert.Equal(1, receiver.Accepted(fixture.Key));
    }

    [Fact]
    public async Task DeliverDueAsync_SilenceExpiredEarlyOrEnded_NoLongerApplies()
    {
        await using var fixture = await OutboxFixture.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync(Secrets);
        receiver.Clock = fixture.Time;
        var first = await fixture.AddDestinationAsync(AlertDestinationKind.Webhook, receiver.Url + "first", Secrets[0]);
        var second = await fixture.AddDestinationAsync(AlertDestinationKind.Webhook, receiver.Url + "second", Secrets[0]);
        var expired = await fixture.AddSilenceAsync(TimeSpan.FromHours(2), "maintenance, done early", new AlertSilenceMatcher(AlertLabels.Rule, AlertMatchOp.Equal, "Health factor"));
        await fixture.AddSilenceAsync(TimeSpan.FromMinutes(30), "half an hour", new AlertSilenceMatcher(AlertLabels.Kind, AlertMatchOp.Equal, "firing"));

        var ended = await fixture.Services.GetRequiredService<AlertSilenceStore>().ExpireAsync(fixture.MemberIds[0], expired.Id);
        Assert.Equal("expired", ended.Value!.State);
        // A viewer may not expire one.
        Assert.True((await fixture.Services.GetRequiredService<AlertSilenceStore>().ExpireAsync(fixture.MemberIds[1], expired.Id)).Forbidden);
        fixture.Time.Advance(TimeSpan.FromMinutes(31));
        var a = await fixture.EnqueueAsync(AlertChannel.Webhook, first.Id);
        var b = await fixture.EnqueueAsync(AlertChannel.Webhook, second.Id);
        await fixture.Processor.DeliverDueAsync(CancellationToken.None);

        Assert.Equal(AlertNotificationStatus.Delivered, (await fixture.NotificationAsync(a)).Status);
        Assert.Equal(AlertNotificationStatus.Delivered, (await fixture.NotificationAsync(b)).Status);
        Assert.Equal(2, receiver.Received.Count);
    }

    [Fact]
    public async Task DeliverDueAsync_InsideMuteWindow_WebhookDeferredToTheWindowsEndThenDelivered()
    {
        await using var fixture = await OutboxFixture.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync(Secrets);
        receiver.Clock = fixture.Time;
        var destination = await fixture.AddDestinationAsync(AlertDestinationKind.Webhook, receiver.Url + "hooks", Secrets[0]);
        var monday = NextMondayNoonUtc(fixture.Time.GetUtcNow());
        fixture.Time.SetUtcNow(monday);
        // 12:00–16:00 in Zurich (UTC+1 in winter, +2 in summer): noon UTC is 13:00 or 14:00 there, inside the window.
        var timing = await fixture.MuteRuleAsync("Europe/Zurich", new AlertMuteInterval([DayOfWeek.Monday], "12:00", "16:00"));
        var end = new DateTimeOffset(monday.UtcDateTime.Date.AddHours(16), TimeSpan.Zero);
        end -= TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich").GetUtcOffset(end);
        var webhook = await fixture.EnqueueAsync(AlertChannel.Webhook, destination.Id);
        var inApp = await fixture.EnqueueAsync(AlertChannel.InApp);

        await fixture.Processor.DeliverDueAsync(CancellationToken.None);

        var held = await fixture.NotificationAsync(webhook);
        Assert.Equal((AlertNotificationStatus.Pending, 0, end), (held.Status, held.Attempts, held.NextAttemptAt));
        Assert.StartsWith("muted by \"Quiet hours\" until ", held.LastError);
        Assert.Empty(receiver.Received);
        // In-app: in the inbox now (where people look afterwards), but no toast interrupts anyone.
        Assert.Equal(AlertNotificationStatus.Delivered, (await fixture.NotificationAsync(inApp)).Status);
        Assert.Empty(fixture.Publisher.Toasts);
        await using (var db = await fixture.Db.CreateDbContextAsync())
        {
            Assert.Equal(2, await db.AlertInbox.CountAsync());
        }

        fixture.Time.SetUtcNow(end - TimeSpan.FromMinutes(1));
        await fixture.Processor.DeliverDueAsync(CancellationToken.None);
        Assert.Empty(receiver.Received);
        fixture.Time.SetUtcNow(end);
        await fixture.Processor.DeliverDueAsync(CancellationToken.None);

        var delivered = await fixture.NotificationAsync(webhook);
        Assert.Equal((AlertNotificationStatus.Delivered, 1, (string?)null), (delivered.Status, delivered.Attempts, delivered.LastError));
        Assert.Equal(1, receiver.Accepted(fixture.Key));
        Assert.Single(await fixture.AttemptsAsync(webhook));
        Assert.NotEqual(0, timing.Id);
    }

    [Fact]
    public async Task Outbox_SecondInAppRowOfTheSameKey_RefusedByTheUniqueIndex()
    {
        await using var fixture = await OutboxFixture.StartAsync();
        await fixture.EnqueueAsync(AlertChannel.InApp);

        await Assert.ThrowsAsync<DbUpdateException>(() => fixture.EnqueueAsync(AlertChannel.InApp));
    }

    private static DateTimeOffset NextMondayNoonUtc(DateTimeOffset now)
    {
        var day = now.UtcDateTime.Date.AddDays(1);
        while (day.DayOfWeek != DayOfWeek.Monday) day = day.AddDays(1);
        return new DateTimeOffset(day.AddHours(12), TimeSpan.Zero);
    }
}
