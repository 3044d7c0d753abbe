using System.Text.Json;
using System.Text.Json.Serialization;
using ExposureWeb.Risk.Alerts;

namespace ExposureWeb.Data.Alerts;

/// <summary>The one JSON form of <see cref="AlertRuleDefinition"/>: the stored column, the REST body and the export file.</summary>
public static class AlertRuleJson
{
    /// <summary>camelCase, enums as names, unknown properties refused (a typo in an import is an error, not a silent default).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = false,
    };

    public static string Serialize(AlertRuleDefinition rule) => JsonSerializer.Serialize(rule, Options);

    public static AlertRuleDefinition Deserialize(string json) =>
        JsonSerializer.Deserialize<AlertRuleDefinition>(json, Options) ?? throw new JsonException("empty alert rule");

    /// <summary>Parses text from a file or a request; on failure, a sentence saying where and what is wrong.</summary>
    public static bool TryParse(string json, out AlertRuleDefinition? rule, out string? error)
    {
        try
        {
            rule = JsonSerializer.Deserialize<AlertRuleDefinition>(json, Options);
            error = rule is null ? "the file holds no rule (null)" : null;
            return rule is not null;
        }
        catch (JsonException ex)
        {
            rule = null;
            error = $"not a valid alert rule: {ex.Message}";
            return false;
        }
    }

    /// <summary>Parses an export file: one rule or an array of rules.</summary>
    public static bool TryParseMany(string json, out IReadOnlyList<AlertRuleDefinition> rules, out string? error)
    {
        rules = [];
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind == JsonValueKind.Array)
            {
                var list = doc.RootElement.Deserialize<List<AlertRuleDefinition>>(Options);
                if (list is null || list.Any(r => r is null)) { error = "the array holds an empty rule"; return false; }
                rules = list;
            }
            else
            {
                rules = [doc.RootElement.Deserialize<AlertRuleDefinition>(Options) ?? throw new JsonException("empty rule")];
            }
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            error = $"not a valid alert rule file: {ex.Message}";
            return false;
        }
    }
}
