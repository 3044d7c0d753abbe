using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExposureWeb.Engine.Stress;

/// <summary>How parameters and results are stored and served: camelCase, enums by name, ∞ and NaN as strings (a health factor without debt is ∞).</summary>
public static class StressJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals | JsonNumberHandling.AllowReadingFromString,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };
}
