using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExposureWeb.Engine.Governance;

/// <summary>
/// How governance records are stored and served as JSON: web names, enums by name, big integers (oracle prices, rays,
/// proposal ids) as decimal strings so no JavaScript number rounds them.
/// </summary>
public static class GovernanceJson
{
    /// <summary>The options.</summary>
    public static readonly JsonSerializerOptions Options = Create();

    /// <summary>Serializes with <see cref="Options"/>.</summary>
    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Deserializes with <see cref="Options"/>.</summary>
    /// <exception cref="JsonException">The text is not a <typeparamref name="T"/>.</exception>
    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"null where a {typeof(T).Name} was stored");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new BigIntegerAsString());
        options.MakeReadOnly();
        return options;
    }

    private sealed class BigIntegerAsString : JsonConverter<BigInteger>
    {
        public override BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
                ? BigInteger.Parse(reader.GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
                : throw new JsonException("a big integer is stored as a decimal string");

        public override void Write(Utf8JsonWriter writer, BigInteger value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }
}
