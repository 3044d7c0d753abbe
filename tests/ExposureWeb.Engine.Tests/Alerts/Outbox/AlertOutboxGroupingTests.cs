using System.Text.Json;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Tests.Alerts.Delivery;
using ExposureWeb.Risk.Alerts;

namespace ExposureWeb.Engine.Tests.Alerts.Outbox;

/// <summary>The workspace's group wait on a real SQLite database, against a real webhook receiver.</summary>
public sealed class AlertOutboxGroupingTests
{
    private static readonly string[] Secrets = ["whsec-current"];

    [Fact]
    public async Task DeliverDueAsync_TwoNotificationsWithinTheGroupWait_OneWebhookWithBothAndBothDelivered()
    {
        await using var fixture = await OutboxFixture.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync(Secrets);
        receiver.Clock = fixture.Time;
        var destination = await fixture.AddDestinationAsync(AlertDestinationKind.Webhook, receiver.Url + "hooks", Secrets[0]);
        await fixture.SetPolicyAsync(new AlertNotificationPolicy { GroupWaitSeconds = 30 });
        var start = fixture.Time.GetUtcNow();

        var first = await fixture.EnqueueAsync(AlertChannel.Webhook, destination.Id);
        await fixture.Processor.DeliverDueAsync(CancellationToken.None);
        var held = await fixture.NotificationAsync(first);
        Assert.Equal((AlertNotificationStatus.Pending, 0), (held.Status, held.Attempts));
        // Times are stored to the millisecond.
        Assert.InRange(held.NextAttemptAt, start.AddSeconds(30).AddMilliseconds(-1), start.AddSeconds(30));
        Assert.StartsWith("group wait", held.LastError);

        fixture.Time.Advance(TimeSpan.FromSeconds(10));
        var second = await fixture.EnqueueAsync(AlertChannel.Webhook, destination.Id, key: fixture.Key + "-next");
        await fixture.Processor.DeliverDueAsync(CancellationToken.None);
        Assert.Empty(receiver.Received);

        fixture.Time.SetUtcNow(start.AddSeconds(30));
        await fixture.Processor.DeliverDueAsync(CancellationToken.None);
        fixture.Time.Advance(TimeSpan.FromMinutes(2));
        await fixture.Processor.DeliverDueAsync(CancellationToken.None);

        var received = Assert.Single(receiver.Received);
        Assert.True(received.SignatureValid);
        Assert.Equal(1, receiver.Accepted($"{fixture.Key}+1"));
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal("rule=\"Health factor\",portfolio=\"Main book\"", body.RootElement.GetProperty("groupKey").GetString());
        Assert.Equal([fixture.Key, fixture.Key + "-next"], body.RootElement.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("idempotencyKey").GetString()));
        foreach (var id in new[] { first, second })
        {
            var n = await fixture.NotificationAsync(id);
            Assert.Equal((AlertNotificationStatus.Delivered, 1), (n.Status, n.Attempts));
            Assert.True(Assert.Single(await fixture.AttemptsAsync(id)).Succeeded);
        }
    }

    [Fact]
    public async Task DeliverDueAsync_GroupReceiverDown_EveryRowRetriedTogether()
    {
        await using var fixture = await OutboxFixture.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync(Secrets);
        receiver.Clock = fixture.Time;
        receiver.AlwaysAnswer = 503;
        var destination = await fixture.AddDestinationAsync(AlertDestinationKind.Webhook, receiver.Url + "hooks", Secrets[0]);
        await fixture.SetPolicyAsync(new AlertNotificationPolicy { GroupWaitSeconds = 5 });
        var first = await fixture.EnqueueAsync(AlertChannel.Webhook, destination.Id);
        var second = await fixture.EnqueueAsync(AlertChannel.Webhook, destination.Id, key: fixture.Key + "-next");

        fixture.Time.Advance(TimeSpan.FromSeconds(5));
        await fixture.Processor.DeliverDueAsync(CancellationToken.None);
        var a = await fixture.NotificationAsync(first);
        var b = await fixture.NotificationAsync(second);
        Assert.Equal((AlertNotificationStatus.Pending, 1), (a.Status, a.Attempts));
        Assert.Equal((a.Status, a.Attempts, a.NextAttemptAt), (b.Status, b.Attempts, b.NextAttemptAt));

        receiver.Heal();
        await fixture.RunNextAttemptAsync(first);

        Assert.Equal(2, receiver.Received.Count);
        Assert.Equal(1, receiver.Accepted($"{fixture.Key}+1"));
        Assert.Equal(AlertNotificationStatus.Delivered, (await fixture.NotificationAsync(first)).Status);
        Assert.Equal(AlertNotificationStatus.Delivered, (await fixture.NotificationAsync(second)).Status);
    }
}
