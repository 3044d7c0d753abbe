using System.Text.Json;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.Contracts;
using Nethereum.Contracts.QueryHandlers.MultiCall;

namespace ExposureWeb.Cli.Bench;

/// <summary>
/// The demo portfolio's Multicall3 batch as the engine sends and receives it every block (recorded from the dev chain
/// into Bench/DemoMulticall.json), decoded the way the adapters decode it: the aggregate3 answer, then every
/// successful call's return data into its typed output DTO. Two decoders over the same bytes: the project's span
/// decoder and Nethereum's <see cref="ParameterDecoder"/>.
/// </summary>
public sealed class AbiDecodeWorkload
{
    private readonly byte[] _result;
    private readonly Type?[] _outputs;
    private readonly ParameterDecoder _nethereum = new();

    private AbiDecodeWorkload(byte[] calldata, byte[] result)
    {
        _result = result;
        var calls = new Aggregate3Function().DecodeInput(Hex.Encode(calldata)).Calls;
        _outputs = calls.Select(c => ProtocolMessages.OutputFor(c.CallData)).ToArray();
        Calls = calls.Count;
        Decoded = _outputs.Count(t => t is not null);
    }

    /// <summary>Calls in the batch.</summary>
    public int Calls { get; }

    /// <summary>Calls whose output type is known (every call of the demo; an unknown one is skipped by both decoders).</summary>
    public int Decoded { get; }

    /// <summary>The recorded demo batch embedded in the CLI.</summary>
    public static AbiDecodeWorkload Demo()
    {
        using var stream = typeof(AbiDecodeWorkload).Assembly.GetManifestResourceStream("ExposureWeb.Cli.Bench.DemoMulticall.json")
            ?? throw new InvalidOperationException("Bench/DemoMulticall.json is not embedded");
        using var json = JsonDocument.Parse(stream);
        return new AbiDecodeWorkload(
            Hex.Decode(json.RootElement.GetProperty("calldata").GetString()!), Hex.Decode(json.RootElement.GetProperty("result").GetString()!));
    }

    /// <summary>Decodes the batch with the span decoder; returns the number of DTOs made.</summary>
    public int DecodeWithSpan()
    {
        var results = SpanAbiDecoder.Decode<Aggregate3OutputDTO>(_result).ReturnData;
        int made = 0;
        for (int i = 0; i < results.Count; i++)
        {
            if (results[i].Success && _outputs[i] is { } type && SpanAbiDecoder.Decode(type, results[i].ReturnData) is not null) made++;
        }
        return made;
    }

    /// <summary>Decodes the batch with Nethereum's decoder; returns the number of DTOs made.</summary>
    public int DecodeWithNethereum()
    {
        var results = ((Aggregate3OutputDTO)_nethereum.DecodeAttributes(_result, typeof(Aggregate3OutputDTO))).ReturnData;
        int made = 0;
        for (int i = 0; i < results.Count; i++)
        {
            if (results[i].Success && _outputs[i] is { } type && _nethereum.DecodeAttributes(results[i].ReturnData, type) is not null) made++;
        }
        return made;
    }
}
