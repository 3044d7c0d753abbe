using System.Text.Json;
using System.Text.Json.Serialization;
using ExposureWeb.Data.Entities;
using ExposureWeb.Risk.ManualPositions;
using ExposureWeb.Risk.Strategies;

namespace ExposureWeb.Data.Strategies;

/// <summary>The one JSON form of strategy definitions: the stored column and the REST body (camelCase, enums by name).</summary>
public static class StrategyJson
{
    /// <summary>camelCase, enums as names, unknown properties refused.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The definition type of a kind.</summary>
    public static Type DefinitionType(StrategyKind kind) => kind switch
    {
        StrategyKind.DeltaBand => typeof(DeltaBandDefinition),
        StrategyKind.HealthFactorFloor => typeof(HealthFactorFloorDefinition),
        StrategyKind.GammaCap => typeof(GammaCapDefinition),
        StrategyKind.VegaCap => typeof(VegaCapDefinition),
        StrategyKind.VolatilityHarvest => typeof(VolatilityHarvestDefinition),
        StrategyKind.LpRange => typeof(LpRangeDefinition),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown strategy kind"),
    };

    /// <summary>The stored kind of a definition.</summary>
    public static StrategyKind KindOf(StrategyDefinition definition) => Enum.Parse<StrategyKind>(definition.Type.ToString());

    public static string Serialize(StrategyDefinition definition) => JsonSerializer.Serialize(definition, definition.GetType(), Options);

    public static StrategyDefinition Deserialize(StrategyKind kind, string json) =>
        (StrategyDefinition?)JsonSerializer.Deserialize(json, DefinitionType(kind), Options) ?? throw new JsonException("empty strategy definition");

    /// <summary>
    /// Parses a REST body <c>{ name, kind, enabled, definition: { … } }</c>; on failure the errors are keyed by field
    /// (<see cref="StrategyField"/>).
    /// </summary>
    public static StrategyBody? ParseBody(string text, out IReadOnlyList<FieldError> errors)
    {
        var list = new List<FieldError>();
        errors = list;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            list.Add(new(StrategyField.Definition, $"The body is not JSON: {ex.Message}"));
            return null;
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                list.Add(new(StrategyField.Definition, "The body is a JSON object: { name, kind, enabled, definition }."));
                return null;
            }
            string? name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            bool enabled = !root.TryGetProperty("enabled", out var e) || e.ValueKind != JsonValueKind.False;
            if (!root.TryGetProperty("kind", out var k) || k.ValueKind != JsonValueKind.String || !Enum.TryParse<StrategyKind>(k.GetString(), ignoreCase: false, out var kind)
                || !Enum.IsDefined(kind) || int.TryParse(k.GetString(), out _))
            {
                list.Add(new(StrategyField.Kind, $"Kind is one of: {string.Join(", ", Enum.GetNames<StrategyKind>())}."));
                return null;
            }
            if (!root.TryGetProperty("definition", out var d) || d.ValueKind != JsonValueKind.Object)
            {
                list.Add(new(StrategyField.Definition, "The definition is missing: an object with the kind's fields."));
                return null;
            }
            try
            {
                var definition = Deserialize(kind, d.GetRawText());
                return new StrategyBody(name ?? "", kind, enabled, definition);
            }
            catch (JsonException ex)
            {
                var field = ex.Path is { Length: > 2 } path ? "definition." + path[2..] : StrategyField.Definition;
                list.Add(new(field, $"Not a valid {kind} definition at {ex.Path ?? "$"}: {ex.Message.Split(" Path:")[0]}"));
                return null;
            }
        }
    }
}

/// <summary>A strategy as a client writes it.</summary>
public sealed record StrategyBody(string Name, StrategyKind Kind, bool Enabled, StrategyDefinition Definition);
