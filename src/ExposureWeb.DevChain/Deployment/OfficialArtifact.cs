using System.Collections.Concurrent;
using System.Text.Json;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.DevChain.Deployment;

/// <summary>
/// A protocol's official compiled contract (Hardhat artifact from the protocol's npm package: creation and deployed
/// bytecode, library link references), embedded unchanged at build time from node_modules (see the DevChain
/// project file). Deployed as is; only library addresses are filled in, where the artifact's link references say.
/// </summary>
public sealed class OfficialArtifact
{
    private static readonly ConcurrentDictionary<string, OfficialArtifact> Loaded = new(StringComparer.Ordinal);

    private readonly byte[] _bytecode;
    private readonly byte[] _deployedBytecode;
    private readonly IReadOnlyList<LinkReference> _links;
    private readonly IReadOnlyList<LinkReference> _deployedLinks;

    private OfficialArtifact(string name, string package, byte[] bytecode, byte[] deployedBytecode, IReadOnlyList<LinkReference> links, IReadOnlyList<LinkReference> deployedLinks)
    {
        Name = name;
        Package = package;
        _bytecode = bytecode;
        _deployedBytecode = deployedBytecode;
        _links = links;
        _deployedLinks = deployedLinks;
    }

    /// <summary>Contract name, e.g. <c>NonfungiblePositionManager</c>.</summary>
    public string Name { get; }

    /// <summary>The npm package it comes from, with its version, as recorded at build time.</summary>
    public string Package { get; }

    /// <summary>Libraries the creation code needs, by name (e.g. <c>NFTDescriptor</c>).</summary>
    public IReadOnlyList<string> Libraries => _links.Select(l => l.Library).Distinct().ToList();

    /// <summary>The embedded artifact named <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOperationException">It is not embedded (a contract this build does not carry).</exception>
    public static OfficialArtifact Load(string name) => Loaded.GetOrAdd(name, Read);

    /// <summary>Creation code with the libraries' addresses filled in (0x hex, as Nethereum's deployment messages take it).</summary>
    /// <exception cref="ArgumentException">A library the code needs has no address.</exception>
    public string CreationCodeHex(IReadOnlyDictionary<string, Address>? libraries = null) => Hex.Encode(Linked(_bytecode, _links, libraries));

    /// <summary>
    /// The runtime code the chain should hold at the contract's address, libraries filled in. Immutables are not known
    /// here: <see cref="RuntimeCode.Matches"/> skips them when comparing.
    /// </summary>
    public byte[] DeployedCode(IReadOnlyDictionary<string, Address>? libraries = null) => Linked(_deployedBytecode, _deployedLinks, libraries);

    /// <summary>
    /// Whether <paramref name="onChain"/> is this artifact's runtime code (see <see cref="RuntimeCode.Matches"/>).
    /// </summary>
    public bool SameCodeAsDeployed(ReadOnlySpan<byte> onChain, IReadOnlyDictionary<string, Address>? libraries = null) =>
        RuntimeCode.Matches(DeployedCode(libraries), onChain);

    private byte[] Linked(byte[] code, IReadOnlyList<LinkReference> links, IReadOnlyDictionary<string, Address>? libraries)
    {
        var linked = (byte[])code.Clone(); // a copy always: callers may change what they get
        foreach (var link in links)
        {
            if (libraries is null || !libraries.TryGetValue(link.Library, out var address))
            {
                throw new ArgumentException($"{Name} needs library {link.Library} deployed first and its address given", nameof(libraries));
            }
            address.Bytes.CopyTo(linked.AsSpan(link.Start, link.Length));
        }
        return linked;
    }

    private static OfficialArtifact Read(string name)
    {
        var resource = $"ExposureWeb.DevChain.Official.{name}.json";
        using var stream = typeof(OfficialArtifact).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"official artifact {name} is not embedded; run `npm ci` in the repository root and build again");
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        string package = root.TryGetProperty("sourceName", out var source) ? source.GetString() ?? name : name;
        return new OfficialArtifact(name, package,
            Hex.Decode(WithoutPlaceholders(root.GetProperty("bytecode").GetString()!)),
            Hex.Decode(WithoutPlaceholders(root.GetProperty("deployedBytecode").GetString()!)),
            Links(root, "linkReferences"), Links(root, "deployedLinkReferences"));
    }

    // Unlinked code has "__$<34 hex>$__" placeholders where library addresses go; zero them so the hex parses, the
    // link references then say where each address is written.
    private static string WithoutPlaceholders(string hex)
    {
        var chars = hex.ToCharArray();
        for (int i = hex.IndexOf("__", StringComparison.Ordinal); i >= 0 && i + 40 <= chars.Length; i = hex.IndexOf("__", i + 40, StringComparison.Ordinal))
        {
            Array.Fill(chars, '0', i, 40);
        }
        return new string(chars);
    }

    private static List<LinkReference> Links(JsonElement root, string property)
    {
        var links = new List<LinkReference>();
        if (!root.TryGetProperty(property, out var bySource)) return links;
        foreach (var source in bySource.EnumerateObject())
        {
            foreach (var library in source.Value.EnumerateObject())
            {
                foreach (var at in library.Value.EnumerateArray())
                {
                    links.Add(new LinkReference(library.Name, at.GetProperty("start").GetInt32(), at.GetProperty("length").GetInt32()));
                }
            }
        }
        return links;
    }

    private sealed record LinkReference(string Library, int Start, int Length);
}
