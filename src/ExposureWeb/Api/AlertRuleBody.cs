using System.Text.Json;
using System.Text.RegularExpressions;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Risk.Alerts;

namespace ExposureWeb.Api;

/// <summary>
/// Reads alert rules from a request body with <see cref="AlertRuleJson"/> (enums as names, unknown properties refused) and
/// turns a JSON error into a field error at the place it happened (<c>$.thresholds[0].value</c> → <c>thresholds[0].value</c>).
/// </summary>
public static partial class AlertRuleBody
{
    /// <summary>Field key of an error that belongs to no one field (an empty or malformed body).</summary>
    public const string BodyField = "body";

    public static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(ct);
    }

    /// <summary>One rule, or the errors that stop it being read.</summary>
    public static (AlertRuleDefinition? Rule, IReadOnlyList<ApiFieldError> Errors) ParseOne(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, [new(BodyField, "The body is empty: send an alert rule as JSON.")]);
        try
        {
            var rule = JsonSerializer.Deserialize<AlertRuleDefinition>(text, AlertRuleJson.Options);
            return rule is null ? (null, [new(BodyField, "The body holds no rule (null).")]) : (rule, []);
        }
        catch (JsonException ex)
        {
            return (null, [ToFieldError(ex, out _)]);
        }
    }

    /// <summary>One object of another alert body (a silence, a mute timing, a policy), or the errors that stop it being read.</summary>
    public static (T? Value, IReadOnlyList<ApiFieldError> Errors) Parse<T>(string text, string what) where T : class
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, [new(BodyField, $"The body is empty: send {what} as JSON.")]);
        try
        {
            var value = JsonSerializer.Deserialize<T>(text, AlertRuleJson.Options);
            return value is null ? (null, [new(BodyField, $"The body holds no {what} (null).")]) : (value, []);
        }
        catch (JsonException ex)
        {
            return (null, [ToFieldError(ex, out _)]);
        }
    }

    /// <summary>A JSON array of rules (or one rule), or the error with the index of the rule it is in.</summary>
    public static (IReadOnlyList<AlertRuleDefinition> Rules, IReadOnlyList<ApiImportError> Errors) ParseMany(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return ([], [new(0, BodyField, "The file is empty: send the JSON array an export produced.")]);
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                var single = document.RootElement.Deserialize<AlertRuleDefinition>(AlertRuleJson.Options);
                return single is null ? ([], [new(0, BodyField, "The file holds no rule (null).")]) : ([single], []);
            }
            var rules = document.RootElement.Deserialize<List<AlertRuleDefinition?>>(AlertRuleJson.Options) ?? [];
            var empty = rules.FindIndex(r => r is null);
            if (empty >= 0) return ([], [new(empty, BodyField, $"Rule {empty + 1} of the file is empty (null).")]);
            return (rules!, []);
        }
        catch (JsonException ex)
        {
            var error = ToFieldError(ex, out var index);
            return ([], [new(index ?? 0, error.Field, error.Message)]);
        }
    }

    /// <summary>The validator's errors as API errors (the same keys the builder shows them under).</summary>
    public static IReadOnlyList<ApiFieldError> Of(IEnumerable<Risk.ManualPositions.FieldError> errors) => errors.Select(e => new ApiFieldError(e.Field, e.Message)).ToList();

    private static ApiFieldError ToFieldError(JsonException ex, out int? index)
    {
        index = null;
        var path = ex.Path ?? "$";
        var match = LeadingIndex().Match(path);
        if (match.Success)
        {
            index = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            path = "$" + path[match.Length..];
        }
        var field = path.TrimStart('$').TrimStart('.');
        if (UnknownProperty().Match(ex.Message) is { Success: true } unknown)
        {
            var name = unknown.Groups[1].Value;
            // The path usually ends at the unknown property already.
            var at = field.Length == 0 ? name : field == name || field.EndsWith("." + name, StringComparison.Ordinal) ? field : field + "." + name;
            return new(at, $"Unknown property \"{name}\": the rule format has no such field (check the spelling against an export).");
        }
        if (field.Length == 0) field = BodyField;
        var reason = ex.Message.Split(" Path:", 2)[0];
        return new(field, $"Not a valid value for {field}: {reason} Numbers are plain JSON numbers (no NaN or Infinity); enums are names such as \"Below\" or \"Warning\".");
    }

    [GeneratedRegex(@"^\$\[(\d+)\]")]
    private static partial Regex LeadingIndex();

    [GeneratedRegex(@"The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnknownProperty();
}
