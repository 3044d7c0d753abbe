using System.Text.Json;
using System.Text.Json.Serialization;
using ExposureWeb.Data.Entities;

namespace ExposureWeb.Data.Dashboards;

/// <summary>How long a snapshot is kept (Grafana's choices).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SnapshotExpiry>))]
public enum SnapshotExpiry
{
    Never,
    OneHour,
    OneDay,
    SevenDays,
    ThirtyDays,
}

public static class SnapshotExpiries
{
    /// <summary>How long after it is taken a snapshot expires; null: never.</summary>
    public static TimeSpan? Lifetime(this SnapshotExpiry expiry) => expiry switch
    {
        SnapshotExpiry.OneHour => TimeSpan.FromHours(1),
        SnapshotExpiry.OneDay => TimeSpan.FromDays(1),
        SnapshotExpiry.SevenDays => TimeSpan.FromDays(7),
        SnapshotExpiry.ThirtyDays => TimeSpan.FromDays(30),
        _ => null,
    };

    /// <summary>The choice in words, as the page offers it.</summary>
    public static string Describe(this SnapshotExpiry expiry) => expiry switch
    {
        SnapshotExpiry.OneHour => "1 hour",
        SnapshotExpiry.OneDay => "1 day",
        SnapshotExpiry.SevenDays => "7 days",
        SnapshotExpiry.ThirtyDays => "30 days",
        _ => "never",
    };
}

/// <summary>
/// One portfolio of a snapshot: its name and provenance as plain fields, and its state as the hub served it at that block
/// (<see cref="State"/>: JSON the web layer reads; this project does not know the engine's message types).
/// </summary>
/// <param name="PortfolioId">The portfolio (it may have been deleted since).</param>
/// <param name="Name">Its name when the snapshot was taken.</param>
/// <param name="ChainName">The chain its block is of; null when it had no block yet.</param>
/// <param name="BlockNumber">The block its figures were read at; null when it had none yet.</param>
/// <param name="BlockTime">That block's timestamp (UTC).</param>
/// <param name="State">The frozen state (snapshot, Greeks history, alerts) as JSON.</param>
public sealed record FrozenPortfolio(int PortfolioId, string Name, string? ChainName, ulong? BlockNumber, DateTimeOffset? BlockTime, JsonElement State);

/// <summary>What a snapshot is taken of: the portfolios' frozen states, with the variables the dashboard was viewed with.</summary>
/// <param name="Name">Its name; "dashboard name at block N" when empty.</param>
/// <param name="Expiry">How long it is kept; required.</param>
/// <param name="Variables">The variables the dashboard was viewed with (its defaults when taken over the API without any).</param>
/// <param name="Portfolios">Every portfolio the layout shows with those variables.</param>
public sealed record SnapshotTaking(string? Name, SnapshotExpiry? Expiry, DashboardVariables Variables, IReadOnlyList<FrozenPortfolio> Portfolios);

/// <summary>A snapshot as a member sees it, with their role (editors and owners may delete it).</summary>
public sealed record DashboardSnapshotView(
    int Id, int WorkspaceId, string WorkspaceName, int? DashboardId, string Name, DashboardLayout Layout, IReadOnlyList<FrozenPortfolio> Portfolios,
    string ChainName, ulong BlockNumber, DateTimeOffset BlockTime, string TakenByAddress, DateTimeOffset TakenAt, DateTimeOffset? ExpiresAt, WorkspaceRole Role)
{
    public bool CanDelete => Role >= WorkspaceRole.Editor;
}

/// <summary>A line of a list of snapshots.</summary>
public sealed record DashboardSnapshotSummary(
    int Id, int WorkspaceId, int? DashboardId, string Name, string ChainName, ulong BlockNumber, DateTimeOffset BlockTime, string TakenByAddress,
    DateTimeOffset TakenAt, DateTimeOffset? ExpiresAt);

/// <summary>The JSON of a snapshot's portfolios column.</summary>
public static class FrozenPortfolioJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(IReadOnlyList<FrozenPortfolio> portfolios) => JsonSerializer.Serialize(portfolios, Options);

    public static IReadOnlyList<FrozenPortfolio> Deserialize(string json) => JsonSerializer.Deserialize<List<FrozenPortfolio>>(json, Options) ?? [];
}
