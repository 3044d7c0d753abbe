using System.Text.Json;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Alerts;
using ExposureWeb.Engine.Tests.Alerts.Delivery;
using ExposureWeb.Risk.Alerts;
using Microsoft.EntityFrameworkCore;

namespace ExposureWeb.Engine.Tests.Alerts.Outbox;

/// <summary>The workspace's repeat interval on a real SQLite database, delivered to a real webhook receiver.</summary>
public sealed class AlertRepeaterTests
{
    private static readonly string[] Secrets = ["whsec-current"];

    [Fact]
    public async Task WriteDueRepeatsAsync_StillFiring_OneRepeatPerIntervalAndNoneAfterItResolves()
    {
        await using var fixture = await OutboxFixture.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync(Secrets);
        receiver.Clock = fixture.Time;
        var destination = await fixture.AddDestinationAsync(AlertDestinationKind.Webhook, receiver.Url + "hooks", Secrets[0]);
        await fixture.SetPolicyAsync(new AlertNotificationPolicy { RepeatIntervalMinutes = 30 });
        await fixture.EnqueueAsync(AlertChannel.InApp);
        await fixture.EnqueueAsync(AlertChannel.Webhook, destination.Id);
        await fixture.Processor.DeliverDueAsync(CancellationToken.None);

        fixture.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, await fixture.Repeater.WriteDueRepeatsAsync(CancellationToken.None));

        fixture.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(2, await fixture.Repeater.WriteDueRepeatsAsync(CancellationToken.None));
        // A second run (Hangfire runs jobs at least once) and a run while the repeat is pending write nothing more.
        Assert.Equal(0, await fixture.Repeater.WriteDueRepeatsAsync(CancellationToken.None));
        await fixture.Processor.DeliverDueAsync(CancellationToken.None);
        Assert.Equal(0, await fixture.Repeater.WriteDueRepeatsAsync(CancellationToken.None));

        // Late by two intervals: one repeat, not two.
        fixture.Time.Advance(TimeSpan.FromMinutes(65));
        Assert.Equal(2, await fixture.Repeater.WriteDueRepeatsAsync(CancellationToken.None));
        await fixture.Processor.DeliverDueAsync(CancellationToken.None);

        await using (var db = await fixture.Db.CreateDbContextAsync())
        {
            await db.AlertInstances.Where(i => i.Id == fixture.InstanceId).ExecuteUpdateAsync(s => s.SetProperty(i => i.State, "Normal").SetProperty(i => i.Severity, (string?)null));
        }
        fixture.Time.Advance(TimeSpan.FromHours(3));
        Assert.Equal(0, await fixture.Repeater.WriteDueRepeatsAsync(CancellationToken.None));

        var rows = await fixture.NotificationsAsync();
        Assert.Equal(
            [$"{fixture.Key}", $"{fixture.Key}", $"{fixture.Key}:r1", $"{fixture.Key}:r1", $"{fixture.Key}:r2", $"{fixture.Key}:r2"],
            rows.Select(n => n.IdempotencyKey));
        Assert.All(rows, n => Assert.Equal(AlertNotificationStatus.Delivered, n.Status));
        Assert.Equal(1, receiver.Accepted(fixture.Key));
        Assert.Equal(1, receiver.Accepted($"{fixture.Key}:r1"));
        Assert.Equal(1, receiver.Accepted($"{fixture.Key}:r2"));
        var repeat = JsonSerializer.Deserialize<AlertNotificationPayload>(receiver.Received[^1].Body, AlertRuleJson.Options)!;
        Assert.Equal((2, $"{fixture.Key}:r2"), (repeat.Repeat, repeat.IdempotencyKey));
        Assert.StartsWith("Still firing: ", repeat.Title);
    }

    [Fact]
    public async Task WriteDueRepeatsAsync_RepeatIntervalZero_NeverRepeats()
    {
        await using var fixture = await OutboxFixture.StartAsync();
        await fixture.SetPolicyAsync(new AlertNotificationPolicy { RepeatIntervalMinutes = 0 });
        await fixture.EnqueueAsync(AlertChannel.InApp);
        await fixture.Processor.DeliverDueAsync(CancellationToken.None);

        fixture.Time.Advance(TimeSpan.FromDays(2));

        Assert.Equal(0, await fixture.Repeater.WriteDueRepeatsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task WriteDueRepeatsAsync_NoPolicySet_DefaultFourHours()
    {
        await using var fixture = await OutboxFixture.StartAsync();
        await fixture.EnqueueAsync(AlertChannel.InApp);
        await fixture.Processor.DeliverDueAsync(CancellationToken.None);

        fixture.Time.Advance(TimeSpan.FromMinutes(239));
        Assert.Equal(0, await fixture.Repeater.WriteDueRepeatsAsync(CancellationToken.None));
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await fixture.Repeater.WriteDueRepeatsAsync(CancellationToken.None));
    }
}
