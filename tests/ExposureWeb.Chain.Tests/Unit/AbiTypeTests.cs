using ExposureWeb.Chain.Abi;

namespace ExposureWeb.Chain.Tests.Unit;

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
    [InlineData("tuple(uint256,bool)[]", "(uint256,bool)[]")]
    [InlineData("(address,(int,bytes)[3],string)", "(address,(int256,bytes)[3],string)")]
    [InlineData(" ( address , bool ) [] ", "(address,bool)[]")]
    public void Parse_ValidType_ReturnsCanonicalName(string text, string canonical) =>
        Assert.Equal(canonical, AbiType.Parse(text).CanonicalName);

    [Fact]
    public void Parse_EveryIntegerWidth_Accepted()
    {
        for (int bits = 8; bits <= 256; bits += 8)
        {
            AbiType u = AbiType.Parse($"uint{bits}");
            AbiType s = AbiType.Parse($"int{bits}");
            Assert.Equal((AbiTypeKind.UInt, bits), (u.Kind, u.Bits));
            Assert.Equal((AbiTypeKind.Int, bits), (s.Kind, s.Bits));
        }
    }

    [Fact]
    public void Parse_EveryFixedBytesLength_Accepted()
    {
        for (int n = 1; n <= 32; n++)
        {
            AbiType type = AbiType.Parse($"bytes{n}");
            Assert.Equal((AbiTypeKind.FixedBytes, n, false), (type.Kind, type.ByteLength, type.IsDynamic));
        }
    }

    [Fact]
    public void Parse_NestedArray_ExposesStructure()
    {
        AbiType type = AbiType.Parse("uint8[2][]");
        Assert.Equal(AbiTypeKind.Array, type.Kind);
        Assert.Equal(AbiTypeKind.FixedArray, type.ElementType!.Kind);
        Assert.Equal(2, type.ElementType.Length);
        Assert.Equal(AbiType.UInt(8), type.ElementType.ElementType);
    }

    [Theory]
    [InlineData("uint256", false, 32)]
    [InlineData("bytes", true, 32)]
    [InlineData("uint256[3]", false, 96)]
    [InlineData("(uint256,bool)[2]", false, 128)]
    [InlineData("(uint256,string)", true, 32)]
    [InlineData("string[2]", true, 32)]
    [InlineData("uint256[]", true, 32)]
    public void Parse_Type_ReportsDynamicAndHeadSize(string text, bool isDynamic, int headSize)
    {
        AbiType type = AbiType.Parse(text);
        Assert.Equal((isDynamic, headSize), (type.IsDynamic, type.HeadSize));
    }

    [Theory]
    [InlineData("")]
    [InlineData("uint7")]
    [InlineData("uint0")]
    [InlineData("uint08")]
    [InlineData("uint264")]
    [InlineData("int9")]
    [InlineData("bytes0")]
    [InlineData("bytes33")]
    [InlineData("bytes01")]
    [InlineData("foo")]
    [InlineData("Uint256")]
    [InlineData("uint256[")]
    [InlineData("uint256[0]")]
    [InlineData("uint256[01]")]
    [InlineData("uint256[-1]")]
    [InlineData("()")]
    [InlineData("tuple()")]
    [InlineData("(uint256")]
    [InlineData("(uint256,)")]
    [InlineData("(,uint256)")]
    [InlineData("uint256)")]
    [InlineData("fixed128x18")]
    [InlineData("function")]
    [InlineData("uint256 amount")]
    [InlineData("uint256,bool")]
    [InlineData("uint256[1000000000]")]
    [InlineData("uint256[100000][100000]")]
    public void Parse_InvalidType_ThrowsFormatExceptionQuotingInput(string text)
    {
        var ex = Assert.Throws<FormatException>(() => AbiType.Parse(text));
        Assert.Contains($"'{text}'", ex.Message);
    }

    [Fact]
    public void Parse_NestingBeyondLimit_ThrowsFormatException()
    {
        string deepArray = "uint256" + string.Concat(Enumerable.Repeat("[]", AbiType.MaxNestingDepth + 1));
        string deepTuple = new string('(', 10_000) + "uint256" + new string(')', 10_000);

        Assert.Contains("deeper than", Assert.Throws<FormatException>(() => AbiType.Parse(deepArray)).Message);
        Assert.Contains("deeper than", Assert.Throws<FormatException>(() => AbiType.Parse(deepTuple)).Message);
        Assert.NotNull(AbiType.Parse("uint256" + string.Concat(Enumerable.Repeat("[]", AbiType.MaxNestingDepth))));
    }

    [Fact]
    public void TryParse_Invalid_ReturnsFalseWithError()
    {
        Assert.False(AbiType.TryParse("uint7", out AbiType? type, out string? error));
        Assert.Null(type);
        Assert.Contains("multiple of 8", error);
    }

    [Fact]
    public void ParseList_CommaSeparated_ReturnsTypes()
    {
        Assert.Equal(["address", "(uint256,bool)[]", "string"], AbiType.ParseList("address, tuple(uint,bool)[],string").Select(t => t.CanonicalName));
        Assert.Empty(AbiType.ParseList(""));
    }

    [Fact]
    public void Equals_SameCanonicalName_Equal()
    {
        Assert.Equal(AbiType.Parse("uint"), AbiType.UInt256);
        Assert.True(AbiType.Parse("tuple(address)") == AbiType.Tuple(AbiType.Address));
        Assert.NotEqual(AbiType.UInt(8), AbiType.Int(8));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(0)]
    [InlineData(264)]
    public void UInt_InvalidWidth_ThrowsArgumentOutOfRange(int bits) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AbiType.UInt(bits));

    [Fact]
    public void Tuple_NoComponents_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => AbiType.Tuple());
}
