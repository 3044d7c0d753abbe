using System.Net.Mail;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Risk.ManualPositions;
using Microsoft.EntityFrameworkCore;

namespace ExposureWeb.Data.Alerts;

/// <summary>A destination as pages and the API show it: never its secrets (those are shown once, when made).</summary>
public sealed record AlertDestinationView(int Id, int WorkspaceId, string Name, AlertDestinationKind Kind, string Target, bool HasSecret, bool HasSecondarySecret, DateTimeOffset CreatedAt)
{
    public static AlertDestinationView Of(AlertDestination d) =>
        new(d.Id, d.WorkspaceId, d.Name, d.Kind, d.Target, d.Secret is not null, d.SecondarySecret is not null, d.CreatedAt);
}

/// <summary>
/// The outcome of a change to a destination. <see cref="NewSecret"/> is the webhook secret just made (creation or rotation):
/// the only time it leaves the server in clear, so the user can configure the receiver.
/// </summary>
public sealed record AlertDestinationResult(ChangeResult Result, AlertDestinationView? Destination, IReadOnlyList<FieldError> Errors, string? NewSecret = null)
{
    public bool Ok => Result.Ok;

    /// <summary>The user may see the destination but their role does not allow the change.</summary>
    public bool Forbidden => !Result.Ok && !Result.NotFound && Errors.Count == 0;

    public static readonly AlertDestinationResult Missing = new(ChangeResult.Missing, null, []);
}

/// <summary>Keys of the destination form's errors.</summary>
public static class AlertDestinationField
{
    public const string Name = "name";
    public const string Target = "target";
}

/// <summary>
/// A workspace's webhook and e-mail destinations. Every call takes the user's id: members read, editors change, any other
/// workspace answers as missing. Webhook URLs pass <see cref="IWebhookUrlPolicy"/>; secrets are made here, never supplied.
/// </summary>
public sealed class AlertDestinationStore(IDbContextFactory<ExposureDbContext> factory, TimeProvider time, IWebhookUrlPolicy urls)
{
    public const int MaxNameLength = 100;
    public const int MaxEmailAddresses = 10;

    /// <summary>The workspace's destinations, or null when the user may not see the workspace.</summary>
    public async Task<IReadOnlyList<AlertDestinationView>?> ListAsync(int userId, int workspaceId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await AlertRuleStore.WorkspaceRoleAsync(db, userId, workspaceId, ct) is null) return null;
        var rows = await db.AlertDestinations.AsNoTracking().Where(d => d.WorkspaceId == workspaceId).OrderBy(d => d.Id).ToListAsync(ct);
        return rows.Select(AlertDestinationView.Of).ToList();
    }

    /// <summary>Adds a webhook (with a new signing secret, returned once) or an e-mail destination; editors only.</summary>
    public async Task<AlertDestinationResult> CreateAsync(int userId, int workspaceId, AlertDestinationKind kind, string name, string target, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await RefuseAsync(db, userId, workspaceId, ct) is { } refused) return refused;
        var (cleanName, cleanTarget, errors) = Check(kind, name, target);
        if (errors.Count > 0) return Invalid(errors);
        var secret = kind == AlertDestinationKind.Webhook ? AlertSecrets.New() : null;
        var destination = new AlertDestination { WorkspaceId = workspaceId, Kind = kind, Name = cleanName, Target = cleanTarget, Secret = secret, CreatedAt = time.GetUtcNow() };
        db.AlertDestinations.Add(destination);
        await db.SaveChangesAsync(ct);
        return new(ChangeResult.Done, AlertDestinationView.Of(destination), [], secret);
    }

    /// <summary>Renames a destination or changes its URL / addresses (its kind and secrets stay); editors only.</summary>
    public Task<AlertDestinationResult> UpdateAsync(int userId, int destinationId, string name, string target, CancellationToken ct = default) =>
        ChangeAsync(userId, destinationId, d =>
        {
            var (cleanName, cleanTarget, errors) = Check(d.Kind, name, target);
            if (errors.Count > 0) return Invalid(errors);
            d.Name = cleanName;
            d.Target = cleanTarget;
            return null;
        }, ct);

    /// <summary>
    /// Starts a rotation: the current secret becomes the secondary one (still signing) and a new one, returned once, the
    /// primary. Receivers accept either until <see cref="RetireOldSecretAsync"/>.
    /// </summary>
    public async Task<AlertDestinationResult> RotateSecretAsync(int userId, int destinationId, CancellationToken ct = default)
    {
        string? secret = null;
        var result = await ChangeAsync(userId, destinationId, d =>
        {
            if (d.Kind != AlertDestinationKind.Webhook) return Invalid([new(AlertDestinationField.Target, "Only webhooks have signing secrets.")]);
            d.SecondarySecret = d.Secret;
            d.Secret = secret = AlertSecrets.New();
            return null;
        }, ct);
        return result.Ok ? result with { NewSecret = secret } : result;
    }

    /// <summary>Ends a rotation: the secondary (old) secret stops signing.</summary>
    public Task<AlertDestinationResult> RetireOldSecretAsync(int userId, int destinationId, CancellationToken ct = default) =>
        ChangeAsync(userId, destinationId, d =>
        {
            if (d.SecondarySecret is null) return Invalid([new(AlertDestinationField.Target, "There is no old secret to retire: rotate first.")]);
            d.SecondarySecret = null;
            return null;
        }, ct);

    /// <summary>Deletes a destination no rule uses; editors only.</summary>
    public async Task<AlertDestinationResult> DeleteAsync(int userId, int destinationId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var destination = await db.AlertDestinations.FirstOrDefaultAsync(d => d.Id == destinationId, ct);
        if (destination is null) return AlertDestinationResult.Missing;
        if (await RefuseAsync(db, userId, destination.WorkspaceId, ct) is { } refused) return refused;
        var rules = await db.AlertRules.AsNoTracking().Where(r => r.WorkspaceId == destination.WorkspaceId).ToListAsync(ct);
        var users = rules.Where(r => AlertRuleJson.Deserialize(r.DefinitionJson).DestinationIds.Contains(destinationId)).Select(r => $"\"{r.Name}\"").ToList();
        if (users.Count > 0)
        {
            return Invalid([new(AlertDestinationField.Target, $"Rule {string.Join(", ", users)} sends to this destination: remove it from the rule first.")]);
        }
        db.AlertDestinations.Remove(destination);
        await db.SaveChangesAsync(ct);
        return new(ChangeResult.Done, AlertDestinationView.Of(destination), []);
    }

    private async Task<AlertDestinationResult> ChangeAsync(int userId, int destinationId, Func<AlertDestination, AlertDestinationResult?> change, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var destination = await db.AlertDestinations.FirstOrDefaultAsync(d => d.Id == destinationId, ct);
        if (destination is null) return AlertDestinationResult.Missing;
        if (await RefuseAsync(db, userId, destination.WorkspaceId, ct) is { } refused) return refused;
        if (change(destination) is { } invalid) return invalid;
        await db.SaveChangesAsync(ct);
        return new(ChangeResult.Done, AlertDestinationView.Of(destination), []);
    }

    private static async Task<AlertDestinationResult?> RefuseAsync(ExposureDbContext db, int userId, int workspaceId, CancellationToken ct)
    {
        var role = await AlertRuleStore.WorkspaceRoleAsync(db, userId, workspaceId, ct);
        if (role is null) return AlertDestinationResult.Missing;
        return role >= WorkspaceRole.Editor ? null
            : new(ChangeResult.Invalid($"your role ({role}) may read alert destinations but not change them; ask an editor of the workspace"), null, []);
    }

    private (string Name, string Target, List<FieldError> Errors) Check(AlertDestinationKind kind, string? name, string? target)
    {
        var errors = new List<FieldError>();
        var cleanName = name?.Trim() ?? "";
        if (cleanName.Length == 0) errors.Add(new(AlertDestinationField.Name, "Name is required, e.g. \"Ops webhook\"."));
        else if (cleanName.Length > MaxNameLength) errors.Add(new(AlertDestinationField.Name, $"Name is at most {MaxNameLength} characters."));
        var cleanTarget = target?.Trim() ?? "";
        switch (kind)
        {
            case AlertDestinationKind.Webhook:
                if (urls.Check(cleanTarget) is { } problem) errors.Add(new(AlertDestinationField.Target, problem));
                break;
            case AlertDestinationKind.Email:
                var (addresses, error) = ParseAddresses(cleanTarget);
                if (error is not null) errors.Add(new(AlertDestinationField.Target, error));
                cleanTarget = string.Join(", ", addresses);
                break;
            default:
                errors.Add(new(AlertDestinationField.Target, "A destination is a webhook or e-mail."));
                break;
        }
        return (cleanName, cleanTarget, errors);
    }

    /// <summary>Comma- or semicolon-separated addresses; each must be a plain address (no display names).</summary>
    public static (IReadOnlyList<string> Addresses, string? Error) ParseAddresses(string text)
    {
        var parts = text.Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) return ([], "Give at least one e-mail address, e.g. ops@example.com.");
        if (parts.Length > MaxEmailAddresses) return (parts, $"At most {MaxEmailAddresses} addresses per destination.");
        foreach (var part in parts)
        {
            if (!MailAddress.TryCreate(part, out var address) || address.Address != part || !part.Contains('.', StringComparison.Ordinal))
            {
                return (parts, $"\"{part}\" is not an e-mail address, e.g. ops@example.com.");
            }
        }
        return (parts.Distinct(StringComparer.OrdinalIgnoreCase).ToList(), null);
    }

    private static AlertDestinationResult Invalid(IReadOnlyList<FieldError> errors) =>
        new(ChangeResult.Invalid(string.Join(" ", errors.Select(e => e.Message))), null, errors);
}
