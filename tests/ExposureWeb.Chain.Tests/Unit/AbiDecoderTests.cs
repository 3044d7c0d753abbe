using System.Numerics;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Tests.Unit;

public class AbiDecoderTests
{
    private const string Zero = "0000000000000000000000000000000000000000000000000000000000000000";
    private const string Ones = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";

    [Theory]
    [InlineData("address", "000000000000000000000001abababababababababababababababababababab", "padding")]
    [InlineData("bool", "0000000000000000000000000000000000000000000000000000000000000002", "0 or 1")]
    [InlineData("bool", "0100000000000000000000000000000000000000000000000000000000000001", "0 or 1")]
    [InlineData("uint8", "0000000000000000000000000000000000000000000000000000000000000100", "8 bits")]
    [InlineData("uint160", "0000000000000000000000010000000000000000000000000000000000000000", "160 bits")]
    [InlineData("int8", "0000000000000000000000000000000000000000000000000000000000000080", "sign extension")]
    [InlineData("int8", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "sign extension")]
    [InlineData("int24", "00000000000000000000000000000000000000000000000000000000ff000000", "sign extension")]
    [InlineData("bytes3", "6162636400000000000000000000000000000000000000000000000000000000", "must be zero")]
    public void Decode_DirtyPadding_ThrowsAbiDecodingException(string type, string word, string reasonFragment)
    {
        var ex = Assert.Throws<AbiDecodingException>(() => AbiDecoder.Decode([TestTypes.Parse(type)], Hex.Decode(word)));
        Assert.Contains(reasonFragment, ex.Message);
        Assert.Equal(TestTypes.Parse(type).CanonicalName, ex.TypeName);
        Assert.Equal(0, ex.Offset);
    }

    [Theory]
    [InlineData("int8", Ones, "-1")]
    [InlineData("int8", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80", "-128")]
    [InlineData("int24", "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffff27618", "-887272")]
    [InlineData("uint8", "00000000000000000000000000000000000000000000000000000000000000ff", "255")]
    public void Decode_ValidSignExtension_ReturnsValue(string type, string word, string expected) =>
        Assert.Equal(BigInteger.Parse(expected), AbiDecoder.Decode(TestTypes.Parse(type), Hex.Decode(word)));

    [Theory]
    [InlineData("uint256", 0)]
    [InlineData("uint256", 31)]
    [InlineData("(uint256,uint256)", 63)]
    [InlineData("bytes", 0)]
    [InlineData("uint256[2]", 32)]
    public void Decode_Truncated_ThrowsAbiDecodingException(string type, int length)
    {
        var ex = Assert.Throws<AbiDecodingException>(() => AbiDecoder.Decode([TestTypes.Parse(type)], new byte[length]));
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void Decode_OffsetPastEnd_ThrowsNamingTypeAndOffset()
    {
        byte[] data = Words("0000000000000000000000000000000000000000000000000000000000000001", "0000000000000000000000000000000000000000000000000000000000001000");
        var ex = Assert.Throws<AbiDecodingException>(() => AbiDecoder.Decode([AbiType.UInt256, AbiType.Bytes], data));
        Assert.Equal("bytes", ex.TypeName);
        Assert.Equal(32, ex.Offset);
        Assert.Contains("offset 4096", ex.Message);
    }

    [Theory]
    [InlineData(Ones)]
    [InlineData("8000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0000000000000000000000000000000000000000000000010000000000000000")]
    [InlineData("0000000000000000000000000000000000000000000000000000000080000000")]
    public void Decode_HugeOffset_ThrowsAbiDecodingException(string offset) =>
        Assert.Throws<AbiDecodingException>(() => AbiDecoder.Decode([AbiType.String], Words(offset, Zero)));

    [Theory]
    [InlineData("bytes", Ones)]
    [InlineData("bytes", "0000000000000000000000000000000000000000000000000000000000000021")]
    [InlineData("string", "000000000000000000000000000000000000000000000000000000007fffffff")]
    [InlineData("uint256[]", "0000000000000000000000000000000000000000000000000000000000000002")]
    [InlineData("uint256[]", "000000000000000000000000000000000000000000000000000000007fffffff")]
    [InlineData("bytes[]", "0000000000000000000000000000000000000000000000000000000004000000")]
    public void Decode_LengthBeyondData_ThrowsWithoutAllocating(string type, string length)
    {
        byte[] data = Words("0000000000000000000000000000000000000000000000000000000000000020", length, Zero);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.Throws<AbiDecodingException>(() => AbiDecoder.Decode([TestTypes.Parse(type)], data));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024, "decoder allocated for a length it had not validated");
        Assert.Equal(32, ex.Offset);
    }

    [Fact]
    public void Decode_InvalidUtf8_ThrowsAbiDecodingException()
    {
        byte[] data = Words(
            "0000000000000000000000000000000000000000000000000000000000000020",
            "0000000000000000000000000000000000000000000000000000000000000002",
            "c328000000000000000000000000000000000000000000000000000000000000");
        var ex = Assert.Throws<AbiDecodingException>(() => AbiDecoder.Decode([AbiType.String], data));
        Assert.Contains("UTF-8", ex.Message);
    }

    [Fact]
    public void Decode_NestedError_ReportsInnermostTypeAndOffset()
    {
        // (bool,bytes)[] with one element whose bool is 2: outer offset, length, element offset, bool word.
        byte[] data = Words(
            "0000000000000000000000000000000000000000000000000000000000000020",
            "0000000000000000000000000000000000000000000000000000000000000001",
            "0000000000000000000000000000000000000000000000000000000000000020",
            "0000000000000000000000000000000000000000000000000000000000000002",
            "0000000000000000000000000000000000000000000000000000000000000040",
            Zero);
        var ex = Assert.Throws<AbiDecodingException>(() => AbiDecoder.Decode([TestTypes.Parse("(bool,bytes)[]")], data));
        Assert.Equal("bool", ex.TypeName);
        Assert.Equal(96, ex.Offset);
    }

    [Fact]
    public void Decode_TrailingBytes_Ignored()
    {
        byte[] data = [.. Words("0000000000000000000000000000000000000000000000000000000000000001"), 0xde, 0xad];
        Assert.Equal(BigInteger.One, AbiDecoder.Decode(AbiType.UInt256, data));
    }

    [Fact]
    public void Decode_NoTypes_ReturnsEmptyWhateverTheData() => Assert.Empty(AbiDecoder.Decode([], [1, 2, 3]));

    [Fact]
    public void Decode_OverlappingOffsetsBomb_ThrowsBeforeInflating()
    {
        // bytes[] of N elements whose offsets all point at one large blob: a canonical decoder would copy
        // the blob N times, turning a ~1 MB input into ~8 GB of output.
        const int count = 16_384;
        const int blobLength = 512 * 1024;
        var data = new byte[32 + 32 + count * 32 + 32 + blobLength];
        Word(data, 0, 0x20);
        Word(data, 32, count);
        for (int i = 0; i < count; i++)
        {
            Word(data, 64 + i * 32, count * 32);
        }

        Word(data, 64 + count * 32, blobLength);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.Throws<AbiDecodingException>(() => AbiDecoder.Decode([TestTypes.Parse("bytes[]")], data));

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("input size", ex.Message);
        Assert.True(allocated < 16L * data.Length, $"allocated {allocated} bytes for a {data.Length}-byte input");
    }

    [Fact]
    public void Decode_SharedTailWithinBudget_Accepted()
    {
        // Two strings pointing at the same tail is unusual but valid, and stays well inside the inflation budget.
        byte[] data = Words(
            "0000000000000000000000000000000000000000000000000000000000000040",
            "0000000000000000000000000000000000000000000000000000000000000040",
            "0000000000000000000000000000000000000000000000000000000000000002",
            "6869000000000000000000000000000000000000000000000000000000000000");
        Assert.Equal(new object[] { "hi", "hi" }, AbiDecoder.Decode([AbiType.String, AbiType.String], data));
    }

    private static byte[] Words(params string[] words) => Hex.Decode(string.Concat(words));

    private static void Word(byte[] buffer, int position, int value) =>
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(position + 28), value);
}
