using System.Text.Json;
using ExposureWeb.Chain.Profiles;

namespace ExposureWeb.DevChain.Deployment;

/// <summary>
/// What the saved dev chain was deployed by: a fingerprint of the code that deploys the demo (this assembly and the
/// protocol messages it sends; builds are deterministic, so the same source gives the same fingerprint). A saved chain
/// is continued only when the fingerprint matches: a demo changed since would otherwise be missing from it.
/// </summary>
public sealed record DeploymentMarker(string Fingerprint, ulong DeployedAtBlock, DateTimeOffset DeployedAt)
{
    private const string FileName = "deployment.json";

    /// <summary>The fingerprint of the running build.</summary>
    public static string Current { get; } = string.Join("+",
        typeof(DeploymentMarker).Assembly.ManifestModule.ModuleVersionId.ToString("N"),
        typeof(ChainProfile).Assembly.ManifestModule.ModuleVersionId.ToString("N"));

    /// <summary>The marker in <paramref name="directory"/>, or null when there is none or it cannot be read.</summary>
    public static DeploymentMarker? Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<DeploymentMarker>(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes this marker into <paramref name="directory"/>.</summary>
    public void Write(string directory) => File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this));

    /// <summary>Removes the marker from <paramref name="directory"/>.</summary>
    public static void Delete(string directory) => File.Delete(Path.Combine(directory, FileName));
}
