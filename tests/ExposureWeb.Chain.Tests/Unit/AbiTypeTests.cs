using ExposureWeb.Chain.Abi;
using NethereumAbiType = Nethereum.ABI.ABIType;

namespace ExposureWeb.Chain.Tests.Unit;

/// <summary>The span decoder's types come from Nethereum's (no type strings parsed by the project).</summary>
public class AbiTypeTests
{
    [Theory]
    [InlineData("uint", "uint256")]
    [InlineData("int", "int256")]
    [InlineData("address", "address")]
    [InlineData("bool", "bool")]
    [InlineData("string", "string")]
    [InlineData("bytes", "bytes")]
    [InlineData("bytes1", "bytes1")]
    [InlineData("bytes32", "bytes32")]
    [InlineData("uint[]", "uint256[]")]
    [InlineData("uint8[2][]", "uint8[2][]")]
    [InlineData("int24", "int24")]
    public void FromNethereum_ElementaryOrArray_SameCanonicalName(string text, string canonical) =>
        Assert.Equal(canonical, AbiType.FromNethereum(NethereumAbiType.CreateABIType(text)).CanonicalName);

    [Fact]
    public void FromNethereum_EveryIntegerWidth_KeepsKindAndBits()
    {
        for (int bits = 8; bits <= 256; bits += 8)
        {
            AbiType u = AbiType.FromNethereum(NethereumAbiType.CreateABIType($"uint{bits}"));
            AbiType s = AbiType.FromNethereum(NethereumAbiType.CreateABIType($"int{bits}"));
            Assert.Equal((AbiTypeKind.UInt, bits), (u.Kind, u.Bits));
            Assert.Equal((AbiTypeKind.Int, bits), (s.Kind, s.Bits));
        }
    }

    [Fact]
    public void FromNethereum_EveryFixedBytesLength_KeepsLength()
    {
        for (int n = 1; n <= 32; n++)
        {
            AbiType type = AbiType.FromNethereum(NethereumAbiType.CreateABIType($"bytes{n}"));
            Assert.Equal((AbiTypeKind.FixedBytes, n, false), (type.Kind, type.ByteLength, type.IsDynamic));
        }
    }

    [Fact]
    public void FromNethereum_NestedArray_ExposesStructure()
    {
        AbiType type = AbiType.FromNethereum(NethereumAbiType.CreateABIType("uint8[2][]"));
        Assert.Equal(AbiTypeKind.Array, type.Kind);
        Assert.Equal(AbiTypeKind.FixedArray, type.ElementType!.Kind);
        Assert.Equal(2, type.ElementType.Length);
        Assert.Equal(AbiType.UInt(8), type.ElementType.ElementType);
    }

    [Fact]
    public void FromNethereum_Tuple_RefusedBecauseComponentsComeFromTheDto() =>
        Assert.Throws<ArgumentException>(() => AbiType.FromNethereum(NethereumAbiType.CreateABIType("tuple")));

    [Fact]
    public void Tuple_StaticAndDynamicComponents_ReportHeadSizes()
    {
        Assert.Equal((false, 128), (AbiType.FixedArrayOf(AbiType.Tuple(AbiType.UInt256, AbiType.Bool), 2) is var a ? (a.IsDynamic, a.HeadSize) : default));
        Assert.Equal((true, 32), (AbiType.Tuple(AbiType.UInt256, AbiType.String) is var t ? (t.IsDynamic, t.HeadSize) : default));
        Assert.Equal((true, 32), (AbiType.ArrayOf(AbiType.UInt256) is var d ? (d.IsDynamic, d.HeadSize) : default));
    }

    [Fact]
    public void Tuple_NestedDeeperThanLimit_Refused()
    {
        AbiType type = AbiType.UInt256;
        for (int i = 0; i < AbiType.MaxNestingDepth; i++) type = AbiType.ArrayOf(type);
        Assert.Contains("deeper than", Assert.Throws<ArgumentException>(() => AbiType.ArrayOf(type)).Message);
    }
}
