using System.Text.Json;
using System.Text.Json.Nodes;
using ExposureWeb.Chain.Profiles;

namespace ExposureWeb.Cli.Commands;

/// <summary>Where <c>--chain NAME</c> looks: the current directory and the executable's directory.</summary>
/// <param name="CurrentDirectory">Searched first (appsettings.json, data/devchain/), and walked up for the repository root.</param>
/// <param name="AppDirectory">Searched second, and walked up for the repository root.</param>
public sealed record ChainSearch(string CurrentDirectory, string AppDirectory)
{
    /// <summary>The process's current directory and <see cref="AppContext.BaseDirectory"/>.</summary>
    public static ChainSearch Default => new(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
}

/// <summary>The JSON text of a chain profile and where it came from (for messages).</summary>
internal sealed record LocatedProfile(string Json, string Source);

/// <summary>A chain profile that could not be found or loaded; the message is for the user.</summary>
internal sealed class ChainLookupException(string message) : Exception(message);

/// <summary>
/// Resolves <c>--chain NAME</c> and <c>--chain-file FILE</c> to a validated <see cref="ChainProfile"/>.
/// </summary>
/// <remarks>
/// Search order for a name (the first match wins):
/// <list type="number">
/// <item>the <c>Chains</c> array of <c>appsettings.json</c> in the current directory, then next to the executable;</item>
/// <item>the dev chain's profile <c>data/devchain/NAME.json</c> in the current directory, then next to the executable;</item>
/// <item>from the repository root (found by walking up from either directory to <c>ExposureWeb.sln</c>):
/// <c>src/ExposureWeb/bin/*/net10.0/data/devchain/NAME.json</c>, the most recently written first — where
/// <c>dotnet run --project src/ExposureWeb</c> puts it.</item>
/// </list>
/// </remarks>
internal static class ChainProfileLocator
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The search order, as printed by <c>--help</c>.</summary>
    public const string SearchOrder = """
        1. "Chains" in ./appsettings.json, then in appsettings.json next to the exposure executable
        2. ./data/devchain/NAME.json, then data/devchain/NAME.json next to the executable
        3. <repo>/src/ExposureWeb/bin/*/net10.0/data/devchain/NAME.json (newest first), <repo> found by
           walking up from the current directory or the executable to ExposureWeb.sln
        """;

    /// <summary>Loads and validates a profile file, replacing its rpcUrls when <paramref name="rpcOverride"/> is set.</summary>
    /// <exception cref="ChainLookupException">The file is missing or unreadable.</exception>
    /// <exception cref="InvalidChainProfileException">The profile is invalid (unknown key, bad address …).</exception>
    public static ChainProfile LoadFile(string path, string? rpcOverride)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ChainLookupException($"cannot read chain file {path}: {e.Message}");
        }
        return Parse(new LocatedProfile(json, path), rpcOverride);
    }

    /// <summary>Finds the profile named <paramref name="name"/> (see the class remarks for the order).</summary>
    /// <exception cref="ChainLookupException">No such profile; the message lists the known names and the places searched.</exception>
    /// <exception cref="InvalidChainProfileException">The profile found is invalid.</exception>
    public static ChainProfile Find(string name, ChainSearch search, string? rpcOverride)
    {
        var known = new List<(string Name, string Source)>();
        var searched = new List<string>();

        foreach (var settings in Distinct(Path.Combine(search.CurrentDirectory, "appsettings.json"), Path.Combine(search.AppDirectory, "appsettings.json")))
        {
            searched.Add(settings);
            if (!File.Exists(settings)) continue;
            foreach (var (chainName, located) in ReadSettingsChains(settings))
            {
                if (string.Equals(chainName, name, StringComparison.OrdinalIgnoreCase)) return Parse(located, rpcOverride);
                known.Add((chainName, located.Source));
            }
        }

        foreach (var dir in DevChainDirectories(search))
        {
            searched.Add(Path.Combine(dir, "NAME.json"));
            if (!Directory.Exists(dir)) continue;
            var file = Path.Combine(dir, name + ".json");
            if (File.Exists(file) && IsProfileName(name)) return LoadFile(file, rpcOverride);
            foreach (var other in Directory.EnumerateFiles(dir, "*.json").Order(StringComparer.Ordinal))
            {
                var otherName = Path.GetFileNameWithoutExtension(other);
                if (IsProfileName(otherName)) known.Add((otherName, other));
            }
        }

        var names = known.Count == 0
            ? "no chains were found"
            : "known chains: " + string.Join(", ", known.GroupBy(k => k.Name, StringComparer.OrdinalIgnoreCase).Select(g => $"{g.Key} ({g.First().Source})"));
        throw new ChainLookupException(
            $"unknown chain '{name}'; {names}.{Environment.NewLine}" +
            $"  searched: {string.Join(", ", searched)}{Environment.NewLine}" +
            "  Use --chain-file FILE.json for a profile elsewhere, or start the app (dotnet run --project src/ExposureWeb) to write the dev chain's profile (local).");
    }

    // anvil's state file lives beside the profiles and is not one.
    private static bool IsProfileName(string name) => !name.Equals("anvil-state", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> Distinct(params string[] paths) =>
        paths.Select(Path.GetFullPath).Distinct(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

    private static IEnumerable<string> DevChainDirectories(ChainSearch search)
    {
        var dirs = new List<string>
        {
            Path.Combine(search.CurrentDirectory, "data", "devchain"),
            Path.Combine(search.AppDirectory, "data", "devchain"),
        };
        foreach (var root in Distinct(search.CurrentDirectory, search.AppDirectory).Select(RepositoryRoot).OfType<string>().Distinct())
        {
            var bin = Path.Combine(root, "src", "ExposureWeb", "bin");
            if (!Directory.Exists(bin)) continue;
            dirs.AddRange(Directory.EnumerateDirectories(bin)
                .Select(configuration => Path.Combine(configuration, "net10.0", "data", "devchain"))
                .Where(Directory.Exists)
                .OrderByDescending(Directory.GetLastWriteTimeUtc));
        }
        return Distinct([.. dirs]);
    }

    private static string? RepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ExposureWeb.sln"))) return dir.FullName;
        }
        return null;
    }

    /// <summary>Every object of the settings file's <c>Chains</c> array, by its name.</summary>
    private static List<(string Name, LocatedProfile Profile)> ReadSettingsChains(string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path), documentOptions: Lenient);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new ChainLookupException($"cannot read {path}: {e.Message}");
        }
        var result = new List<(string, LocatedProfile)>();
        if (root is not JsonObject settings || Property(settings, "Chains") is not JsonArray chains) return result;
        for (int i = 0; i < chains.Count; i++)
        {
            if (chains[i] is not JsonObject chain) continue;
            var name = Property(chain, "name") is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
            result.Add((name, new LocatedProfile(chain.ToJsonString(), $"{path} Chains[{i}]")));
        }
        return result;
    }

    private static JsonNode? Property(JsonObject obj, string name) =>
        obj.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static ChainProfile Parse(LocatedProfile located, string? rpcOverride)
    {
        var json = located.Json;
        if (rpcOverride is not null)
        {
            // Replace rpcUrls before validation, so a profile without them is complete with --rpc.
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(json, documentOptions: Lenient);
            }
            catch (JsonException e)
            {
                throw new InvalidChainProfileException(located.Source, [e.Message]);
            }
            if (node is JsonObject obj)
            {
                foreach (var key in obj.Select(p => p.Key).Where(k => k.Equals("rpcUrls", StringComparison.OrdinalIgnoreCase)).ToList()) obj.Remove(key);
                obj["rpcUrls"] = new JsonArray(rpcOverride);
                json = obj.ToJsonString();
            }
        }
        return ChainProfileFile.Parse(json, located.Source);
    }
}
