using System.Collections.Concurrent;
using System.Text.Json;
using ExposureWeb.Chain.Primitives;
using Nethereum.ABI;

namespace ExposureWeb.DevChain.Deployment;

/// <summary>A compiled dev-chain contract (creation bytecode), embedded from Contracts/artifacts.</summary>
public sealed class ContractArtifact
{
    // Deployment messages load their bytecode on construction; parse each embedded artifact once.
    private static readonly ConcurrentDictionary<string, ContractArtifact> Loaded = new(StringComparer.Ordinal);

    private ContractArtifact(string name, string bytecodeHex)
    {
        Name = name;
        BytecodeHex = bytecodeHex;
        Bytecode = Hex.Decode(bytecodeHex);
    }

    public string Name { get; }

    /// <summary>The creation code as 0x-prefixed hex, as Nethereum's deployment messages take it.</summary>
    public string BytecodeHex { get; }

    public byte[] Bytecode { get; }

    /// <summary>The runtime code solc produced (what the chain holds after deployment, immutables aside).</summary>
    public byte[] RuntimeCode { get; private init; } = [];

    public static ContractArtifact Load(string name) => Loaded.GetOrAdd(name, Read);

    /// <summary>
    /// Creation code followed by the ABI-encoded constructor arguments, for callers without a deployment message
    /// (<c>Nethereum.Contracts.ContractDeploymentMessage</c> is the typed way).
    /// </summary>
    /// <param name="constructorTypes">Comma-separated canonical elementary types, e.g. <c>string,string,uint8</c>.</param>
    /// <param name="args">The values; <see cref="Address"/> is passed as its hex text.</param>
    public byte[] CreationCode(string constructorTypes = "", params object[] args)
    {
        if (constructorTypes.Length == 0) return Bytecode;
        var types = constructorTypes.Split(',', StringSplitOptions.TrimEntries);
        if (types.Length != args.Length) throw new ArgumentException($"{types.Length} constructor types but {args.Length} values", nameof(args));
        var values = types.Select((t, i) => new ABIValue(t, args[i] is Address a ? a.ToString() : args[i])).ToArray();
        return [.. Bytecode, .. new ABIEncode().GetABIEncoded(values)];
    }

    private static ContractArtifact Read(string name)
    {
        var resource = $"ExposureWeb.DevChain.Contracts.{name}.json";
        using var stream = typeof(ContractArtifact).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"contract artifact {resource} is not embedded; run `npm run compile-contracts`");
        using var doc = JsonDocument.Parse(stream);
        var hex = doc.RootElement.GetProperty("bytecode").GetString()!;
        var runtime = doc.RootElement.TryGetProperty("deployedBytecode", out var deployed) ? Hex.Decode(deployed.GetString()!) : [];
        return new ContractArtifact(name, hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex : "0x" + hex) { RuntimeCode = runtime };
    }
}
