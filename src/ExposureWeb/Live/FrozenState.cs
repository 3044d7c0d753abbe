using System.Text.Json;
using System.Text.Json.Serialization;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Dashboards;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;

namespace ExposureWeb.Live;

/// <summary>
/// A portfolio's state as a snapshot keeps it: what the hub served at that block (the exposure message, the Greeks history
/// up to it) and the alert instances firing or pending then. Stored as <see cref="FrozenPortfolio.State"/>.
/// </summary>
/// <param name="Snapshot">The exposure message (its positions capped as the hub caps them); null when the portfolio had no block yet.</param>
/// <param name="History">The Greeks history up to the snapshot's block, oldest first.</param>
/// <param name="HistoryCapacity">How many points the hub served per portfolio then.</param>
/// <param name="Alerts">Alert instances not normal at the time, with their rule's name.</param>
public sealed record FrozenState(ExposureSnapshot? Snapshot, IReadOnlyList<GreeksPoint> History, int HistoryCapacity, IReadOnlyList<AlertInstanceRecord> Alerts)
{
    // Named literals: a portfolio without debt has an infinite health factor, which plain JSON cannot hold.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public JsonElement ToJson() => JsonSerializer.SerializeToElement(this, Json);

    public static FrozenState Of(JsonElement json) =>
        json.Deserialize<FrozenState>(Json) ?? new FrozenState(null, [], 0, []);

    /// <summary>The state as the dashboard widgets take it.</summary>
    public LivePortfolio ToLive() => new(Snapshot, History, HistoryCapacity);
}
