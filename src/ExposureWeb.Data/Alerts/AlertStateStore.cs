using System.Data.Common;
using ExposureWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ExposureWeb.Data.Alerts;

/// <summary>What one evaluation batch changed, written in one transaction by <see cref="AlertStateStore.WriteAsync"/>.</summary>
public sealed class AlertStateBatch
{
    /// <summary>Unconfirmed transitions a reorg removed: marked <see cref="AlertTransitionStatus.Undone"/>.</summary>
    public List<long> UndoneTransitionIds { get; } = [];

    /// <summary>Instances deleted with their history (their rule now watches other series).</summary>
    public List<long> RemovedInstanceIds { get; } = [];

    /// <summary>Instances to insert (<see cref="AlertInstanceEntry.Id"/> 0; the new id is set on the entry) or update.</summary>
    public List<AlertInstanceEntry> Instances { get; } = [];

    /// <summary>
    /// Transitions to append, each with the instance entry it belongs to (whose id may only be known once that entry is
    /// inserted); the new id is set on the transition entry.
    /// </summary>
    public List<(AlertInstanceEntry Instance, AlertTransitionEntry Transition)> Transitions { get; } = [];

    /// <summary>
    /// Existing instances whose value alone moved (state, severity, detail and label as last written): only their value,
    /// last block and update time are written, a statement with four parameters instead of thirteen.
    /// </summary>
    public List<AlertValueUpdate> ValueUpdates { get; } = [];

    public bool IsEmpty => UndoneTransitionIds.Count == 0 && RemovedInstanceIds.Count == 0 && Instances.Count == 0 && Transitions.Count == 0 && ValueUpdates.Count == 0;
}

/// <summary>A stored instance's new value (<see cref="AlertStateBatch.ValueUpdates"/>).</summary>
/// <param name="Id">The instance.</param>
/// <param name="Value">Its value; null when not a finite number.</param>
/// <param name="LastBlock">The block it was evaluated at.</param>
/// <param name="UpdatedAt">When.</param>
public readonly record struct AlertValueUpdate(long Id, double? Value, long LastBlock, DateTimeOffset UpdatedAt);

/// <summary>A transition to confirm, with the outbox rows to write if it is confirmed now.</summary>
/// <param name="TransitionId">The transition.</param>
/// <param name="Outbox">One notification per channel; empty when the transition is not notified.</param>
public sealed record AlertConfirmation(long TransitionId, IReadOnlyList<AlertNotification> Outbox);

/// <summary>
/// The alert engine's tables: instances and their transitions, written per evaluation batch, and the confirmation that
/// writes the outbox. Each call uses its own short-lived context (safe from any thread).
/// </summary>
/// <remarks>
/// Writes are prepared statements in one transaction, one index seek each (as <see cref="History.GreeksHistoryStore"/>):
/// a block of thousands of changed instances takes milliseconds, where EF's change tracking took tens.
/// </remarks>
public sealed class AlertStateStore(IDbContextFactory<ExposureDbContext> factory)
{
    /// <summary>Instances of enabled rules, and their transitions still unconfirmed (oldest first).</summary>
    public async Task<(IReadOnlyList<AlertInstanceEntry> Instances, IReadOnlyList<AlertTransitionEntry> Unconfirmed)> LoadAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var instances = await db.AlertInstances.AsNoTracking()
            .Where(i => db.AlertRules.Any(r => r.Id == i.RuleId && r.Enabled))
            .OrderBy(i => i.Id).ToListAsync(ct);
        var unconfirmed = await db.AlertTransitions.AsNoTracking()
            .Where(t => t.Status == AlertTransitionStatus.Unconfirmed)
            .OrderBy(t => t.BlockNumber).ThenBy(t => t.Id).ToListAsync(ct);
        return (instances, unconfirmed);
    }

    /// <summary>The kind of each destination among <paramref name="ids"/> that still exists.</summary>
    public async Task<IReadOnlyDictionary<int, AlertDestinationKind>> DestinationKindsAsync(IReadOnlyCollection<int> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return new Dictionary<int, AlertDestinationKind>();
        await using var db = await factory.CreateDbContextAsync(ct);
        var list = ids.ToList();
        return await db.AlertDestinations.AsNoTracking().Where(d => list.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Kind, ct);
    }

    /// <summary>Writes one evaluation batch in one transaction: undone transitions, removed instances, upserted instances, new transitions.</summary>
    public async Task WriteAsync(AlertStateBatch batch, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.IsEmpty) return;
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        if (batch.UndoneTransitionIds.Count > 0)
        {
            await using var undo = PreparedCommands.Prepare(db, """
                UPDATE "AlertTransitions" SET "Status" = 'Undone' WHERE "Id" = $id AND "Status" = 'Unconfirmed'
                """, "$id");
            foreach (var id in batch.UndoneTransitionIds)
            {
                undo.Parameters[0].Value = id;
                await undo.ExecuteNonQueryAsync(ct);
            }
        }

        if (batch.RemovedInstanceIds.Count > 0)
        {
            // Notifications and transitions go with the instance (cascading foreign keys).
            await using var remove = PreparedCommands.Prepare(db, """DELETE FROM "AlertInstances" WHERE "Id" = $id""", "$id");
            foreach (var id in batch.RemovedInstanceIds)
            {
                remove.Parameters[0].Value = id;
                await remove.ExecuteNonQueryAsync(ct);
            }
        }

        DbCommand? insert = null, update = null;
        try
        {
            foreach (var i in batch.Instances)
            {
                if (i.Id == 0)
                {
                    insert ??= PreparedCommands.Prepare(db, """
                        INSERT INTO "AlertInstances" ("RuleId", "PortfolioId", "SeriesKey", "Label", "State", "Severity", "Value", "Detail", "SinceBlock", "Since", "LastBlock", "UpdatedAt")
                        VALUES ($rule, $portfolio, $key, $label, $state, $severity, $value, $detail, $sinceBlock, $since, $lastBlock, $updatedAt)
                        ON CONFLICT ("RuleId", "SeriesKey") DO UPDATE SET "PortfolioId" = excluded."PortfolioId", "Label" = excluded."Label",
                            "State" = excluded."State", "Severity" = excluded."Severity", "Value" = excluded."Value", "Detail" = excluded."Detail",
                            "SinceBlock" = excluded."SinceBlock", "Since" = excluded."Since", "LastBlock" = excluded."LastBlock", "UpdatedAt" = excluded."UpdatedAt"
                        RETURNING "Id"
                        """, "$rule", "$portfolio", "$key", "$label", "$state", "$severity", "$value", "$detail", "$sinceBlock", "$since", "$lastBlock", "$updatedAt");
                    Bind(insert, i);
                    i.Id = Convert.ToInt64(await insert.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
                }
                else
                {
                    // Only the columns that change (an indexed column in SET costs index maintenance); the identity is checked, not rewritten.
                    update ??= PreparedCommands.Prepare(db, """
                        UPDATE "AlertInstances" SET "Label" = $label, "State" = $state, "Severity" = $severity, "Value" = $value, "Detail" = $detail,
                            "SinceBlock" = $sinceBlock, "Since" = $since, "LastBlock" = $lastBlock, "UpdatedAt" = $updatedAt
                        WHERE "Id" = $id AND $rule = "RuleId" AND $portfolio = "PortfolioId" AND $key = "SeriesKey"
                        """, "$rule", "$portfolio", "$key", "$label", "$state", "$severity", "$value", "$detail", "$sinceBlock", "$since", "$lastBlock", "$updatedAt", "$id");
                    Bind(update, i);
                    update.Parameters[12].Value = i.Id;
                    await update.ExecuteNonQueryAsync(ct);
                }
            }
        }
        finally
        {
            if (insert is not null) await insert.DisposeAsync();
            if (update is not null) await update.DisposeAsync();
        }

        if (batch.ValueUpdates.Count > 0)
        {
            await using var values = PreparedCommands.Prepare(db,
                """UPDATE "AlertInstances" SET "Value" = $value, "LastBlock" = $lastBlock, "UpdatedAt" = $updatedAt WHERE "Id" = $id""",
                "$value", "$lastBlock", "$updatedAt", "$id");
            foreach (var v in batch.ValueUpdates)
            {
                var p = values.Parameters;
                p[0].Value = (object?)v.Value ?? DBNull.Value;
                p[1].Value = v.LastBlock;
                p[2].Value = v.UpdatedAt;
                p[3].Value = v.Id;
                await values.ExecuteNonQueryAsync(ct);
            }
        }

        if (batch.Transitions.Count > 0)
        {
            var blockTime = db.Model.FindEntityType(typeof(AlertTransitionEntry))!.FindProperty(nameof(AlertTransitionEntry.BlockTime))!.GetValueConverter()!;
            await using var append = PreparedCommands.Prepare(db, """
                INSERT INTO "AlertTransitions" ("InstanceId", "RuleId", "PortfolioId", "FromState", "FromSeverity", "ToState", "ToSeverity", "Kind", "Value", "Detail",
                    "BlockNumber", "BlockHash", "BlockTime", "Notify", "Status", "ConfirmedAt", "PreviousStateJson")
                VALUES ($instance, $rule, $portfolio, $fromState, $fromSeverity, $toState, $toSeverity, $kind, $value, $detail,
                    $block, $hash, $time, $notify, $status, NULL, $previous)
                RETURNING "Id"
                """, "$instance", "$rule", "$portfolio", "$fromState", "$fromSeverity", "$toState", "$toSeverity", "$kind", "$value", "$detail",
                "$block", "$hash", "$time", "$notify", "$status", "$previous");
            foreach (var (instance, t) in batch.Transitions)
            {
                t.InstanceId = instance.Id;
                var p = append.Parameters;
                p[0].Value = t.InstanceId;
                p[1].Value = t.RuleId;
                p[2].Value = t.PortfolioId;
                p[3].Value = t.FromState;
                p[4].Value = (object?)t.FromSeverity ?? DBNull.Value;
                p[5].Value = t.ToState;
                p[6].Value = (object?)t.ToSeverity ?? DBNull.Value;
                p[7].Value = t.Kind;
                p[8].Value = (object?)t.Value ?? DBNull.Value;
                p[9].Value = (object?)t.Detail ?? DBNull.Value;
                p[10].Value = t.BlockNumber;
                p[11].Value = t.BlockHash;
                p[12].Value = blockTime.ConvertToProvider(t.BlockTime);
                p[13].Value = t.Notify;
                p[14].Value = t.Status.ToString();
                p[15].Value = t.PreviousStateJson;
                t.Id = Convert.ToInt64(await append.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Confirms transitions and, in the same transaction, writes their outbox rows. A transition no longer unconfirmed
    /// (confirmed before, undone, or deleted with its rule) writes nothing, and a notification whose idempotency key,
    /// channel and destination are already in the outbox is not written again: confirming twice is harmless.
    /// </summary>
    /// <returns>The transitions confirmed now, and the notifications written.</returns>
    public async Task<(IReadOnlyList<long> Confirmed, int Notifications)> ConfirmAsync(IReadOnlyList<AlertConfirmation> confirmations, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(confirmations);
        if (confirmations.Count == 0) return ([], 0);
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var ticks = db.Model.FindEntityType(typeof(AlertNotification))!.FindProperty(nameof(AlertNotification.NextAttemptAt))!.GetValueConverter()!;
        await using var confirm = PreparedCommands.Prepare(db, """
            UPDATE "AlertTransitions" SET "Status" = 'Confirmed', "ConfirmedAt" = $now WHERE "Id" = $id AND "Status" = 'Unconfirmed'
            """, "$now", "$id");
        // NOT EXISTS as well as the unique index: SQLite's unique index treats NULL destinations (in-app) as all distinct.
        await using var outbox = PreparedCommands.Prepare(db, """
            INSERT INTO "AlertNotifications" ("TransitionId", "RuleId", "WorkspaceId", "Channel", "DestinationId", "IdempotencyKey", "PayloadJson", "Status",
                "Attempts", "CreatedAt", "NextAttemptAt", "DeliveredAt", "LastError")
            SELECT $transition, $rule, $workspace, $channel, $destination, $key, $payload, 'Pending', 0, $created, $next, NULL, NULL
            WHERE NOT EXISTS (SELECT 1 FROM "AlertNotifications" WHERE "IdempotencyKey" = $key AND "Channel" = $channel AND "DestinationId" IS $destination)
            ON CONFLICT DO NOTHING
            """, "$transition", "$rule", "$workspace", "$channel", "$destination", "$key", "$payload", "$created", "$next");
        var confirmed = new List<long>();
        var written = 0;
        foreach (var c in confirmations)
        {
            confirm.Parameters[0].Value = now;
            confirm.Parameters[1].Value = c.TransitionId;
            if (await confirm.ExecuteNonQueryAsync(ct) == 0) continue;
            confirmed.Add(c.TransitionId);
            foreach (var n in c.Outbox)
            {
                var p = outbox.Parameters;
                p[0].Value = c.TransitionId;
                p[1].Value = n.RuleId;
                p[2].Value = n.WorkspaceId;
                p[3].Value = n.Channel.ToString();
                p[4].Value = (object?)n.DestinationId ?? DBNull.Value;
                p[5].Value = n.IdempotencyKey;
                p[6].Value = n.PayloadJson;
                p[7].Value = ticks.ConvertToProvider(n.CreatedAt);
                p[8].Value = ticks.ConvertToProvider(n.NextAttemptAt);
                written += await outbox.ExecuteNonQueryAsync(ct);
            }
        }
        await transaction.CommitAsync(ct);
        return (confirmed, written);
    }

    private static void Bind(DbCommand command, AlertInstanceEntry i)
    {
        var p = command.Parameters;
        p[0].Value = i.RuleId;
        p[1].Value = i.PortfolioId;
        p[2].Value = i.SeriesKey;
        p[3].Value = i.Label;
        p[4].Value = i.State;
        p[5].Value = (object?)i.Severity ?? DBNull.Value;
        p[6].Value = (object?)i.Value ?? DBNull.Value;
        p[7].Value = (object?)i.Detail ?? DBNull.Value;
        p[8].Value = i.SinceBlock;
        p[9].Value = i.Since;
        p[10].Value = i.LastBlock;
        p[11].Value = i.UpdatedAt;
    }
}
