using System.Numerics;
using ExposureWeb.Chain.Protocols.UniswapV3;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts.QueryHandlers.MultiCall;

namespace ExposureWeb.Chain.Tests.Unit;

// One Nethereum DTO per row of Vectors/abi.json (ethers 6 encodings), in row order: the rows go through Nethereum's
// encoder and decoder and the project's span decoder with no type strings parsed by the project.
#pragma warning disable CS1591
public static class AbiVectorDtos
{
    public static readonly Type[] Rows =
    [
        typeof(Row0), typeof(Row1), typeof(Row2), typeof(Row3), typeof(Row4), typeof(Row5), typeof(Row6),
        typeof(Row7), typeof(Row8), typeof(Row9), typeof(Row10), typeof(Row11), typeof(PositionOutput), typeof(Row13),
    ];

    [FunctionOutput] public sealed class Row0 { [Parameter("uint256", "a", 1)] public BigInteger A { get; set; } }

    [FunctionOutput] public sealed class Row1 { [Parameter("int256", "a", 1)] public BigInteger A { get; set; } }

    [FunctionOutput]
    public sealed class Row2
    {
        [Parameter("int24", "a", 1)] public int A { get; set; }
        [Parameter("uint24", "b", 2)] public uint B { get; set; }
        [Parameter("uint160", "c", 3)] public BigInteger C { get; set; }
        [Parameter("int128", "d", 4)] public BigInteger D { get; set; }
    }

    [FunctionOutput]
    public sealed class Row3
    {
        [Parameter("address", "a", 1)] public string A { get; set; } = "";
        [Parameter("bool", "b", 2)] public bool B { get; set; }
        [Parameter("bytes32", "c", 3)] public byte[] C { get; set; } = [];
    }

    [FunctionOutput] public sealed class Row4 { [Parameter("bytes", "a", 1)] public byte[] A { get; set; } = []; }

    [FunctionOutput] public sealed class Row5 { [Parameter("string", "a", 1)] public string A { get; set; } = ""; }

    [FunctionOutput] public sealed class Row6 { [Parameter("uint256[]", "a", 1)] public List<BigInteger> A { get; set; } = []; }

    [FunctionOutput] public sealed class Row7 { [Parameter("uint256[2][]", "a", 1)] public List<List<BigInteger>> A { get; set; } = []; }

    [FunctionOutput] public sealed class Row8 { [Parameter("string[]", "a", 1)] public List<string> A { get; set; } = []; }

    [FunctionOutput] public sealed class Row9 { [Parameter("tuple[]", "a", 1)] public List<Call3> A { get; set; } = []; }

    [FunctionOutput] public sealed class Row10 { [Parameter("tuple[]", "a", 1)] public List<Result> A { get; set; } = []; }

    [FunctionOutput] public sealed class Row11 { [Parameter("tuple[]", "a", 1)] public List<Position> A { get; set; } = []; }

    public sealed class Position
    {
        [Parameter("tuple", "addresses", 1)] public Addresses Addresses { get; set; } = new();
        [Parameter("tuple", "numbers", 2)] public Numbers Numbers { get; set; } = new();
        [Parameter("tuple", "flags", 3)] public Flags Flags { get; set; } = new();
    }

    public sealed class Addresses
    {
        [Parameter("address", "a", 1)] public string A { get; set; } = "";
        [Parameter("address", "b", 2)] public string B { get; set; } = "";
        [Parameter("address", "c", 3)] public string C { get; set; } = "";
    }

    public sealed class Numbers
    {
        [Parameter("uint256", "a", 1)] public BigInteger A { get; set; }
        [Parameter("uint256", "b", 2)] public BigInteger B { get; set; }
        [Parameter("uint256", "c", 3)] public BigInteger C { get; set; }
        [Parameter("int256", "d", 4)] public BigInteger D { get; set; }
    }

    public sealed class Flags { [Parameter("bool", "a", 1)] public bool A { get; set; } }

    [FunctionOutput]
    public sealed class Row13
    {
        [Parameter("bytes4", "a", 1)] public byte[] A { get; set; } = [];
        [Parameter("bytes", "b", 2)] public byte[] B { get; set; } = [];
        [Parameter("uint8[3]", "c", 3)] public List<byte> C { get; set; } = [];
    }
}
#pragma warning restore CS1591
