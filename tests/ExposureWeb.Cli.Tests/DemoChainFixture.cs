using System.Text.Json.Nodes;
using ExposureWeb.Chain.Profiles;

namespace ExposureWeb.Cli.Tests;

/// <summary>
/// The shared <see cref="DemoChain"/> (a fresh anvil with the demo deployed) plus a folder of its own holding the
/// deployed chain profile as a file, for <c>--chain-file</c>. One per test class.
/// </summary>
public sealed class DemoChainFixture : DemoChain
{
    private readonly TempDirectory _folder = new("exposure-cli-");

    /// <summary>A directory of this fixture's own, deleted at the end.</summary>
    public string Directory => _folder.Path;

    /// <summary>The deployed profile as a chain profile file.</summary>
    public string ProfileFile => _folder.PathOf("local.json");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        ChainProfileFile.Save(Profile, ProfileFile);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>Writes <paramref name="json"/> to a new file of this fixture's directory and returns its path.</summary>
    public string WriteFile(string name, string json)
    {
        var path = _folder.PathOf(name);
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>The profile file's JSON as a mutable object.</summary>
    public JsonObject ProfileJson() => JsonNode.Parse(File.ReadAllText(ProfileFile))!.AsObject();
}
