using System.Text.Json;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.DevChain.Deployment;

/// <summary>A compiled dev-chain contract (creation bytecode), embedded from Contracts/artifacts.</summary>
public sealed class ContractArtifact
{
    private ContractArtifact(string name, byte[] bytecode)
    {
        Name = name;
        Bytecode = bytecode;
    }

    public string Name { get; }

    public byte[] Bytecode { get; }

    public static ContractArtifact Load(string name)
    {
        var resource = $"ExposureWeb.DevChain.Contracts.{name}.json";
        using var stream = typeof(ContractArtifact).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"contract artifact {resource} is not embedded; run `npm run compile-contracts`");
        using var doc = JsonDocument.Parse(stream);
        return new ContractArtifact(name, Hex.Decode(doc.RootElement.GetProperty("bytecode").GetString()!));
    }

    /// <summary>Creation code followed by the ABI-encoded constructor arguments.</summary>
    /// <param name="constructorTypes">Comma-separated canonical types, e.g. <c>string,string,uint8</c>.</param>
    public byte[] CreationCode(string constructorTypes = "", params object[] args)
    {
        if (constructorTypes.Length == 0) return Bytecode;
        var types = AbiType.ParseList(constructorTypes);
        return [.. Bytecode, .. AbiEncoder.Encode(types, args)];
    }
}
