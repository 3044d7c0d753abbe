using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExposureWeb.Chain.Profiles;

/// <summary>Reads and writes a chain profile as a JSON file (the CLI's <c>--chain-file</c>, the dev chain's output).</summary>
public static class ChainProfileFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        // An unknown key is an error that names the key: a typo must not silently drop a protocol.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>Parses and validates; throws <see cref="InvalidChainProfileException"/> listing every problem.</summary>
    public static ChainProfile Parse(string json, string source)
    {
        ChainProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize<ChainProfile>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidChainProfileException(source, [ex.Message]);
        }
        if (profile is null) throw new InvalidChainProfileException(source, ["the file holds no JSON object"]);
        var errors = ChainProfileValidator.Validate(profile);
        if (errors.Count > 0) throw new InvalidChainProfileException(source, errors);
        return profile;
    }

    public static ChainProfile Load(string path) => Parse(File.ReadAllText(path), path);

    public static string Serialize(ChainProfile profile) => JsonSerializer.Serialize(profile, Options);

    /// <summary>Writes atomically (temp file then rename) so a reader never sees half a profile.</summary>
    public static void Save(ChainProfile profile, string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        File.WriteAllText(temp, Serialize(profile));
        File.Move(temp, full, overwrite: true);
    }
}

public sealed class InvalidChainProfileException(string source, IReadOnlyList<string> errors)
    : Exception($"Invalid chain profile in {source}:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
