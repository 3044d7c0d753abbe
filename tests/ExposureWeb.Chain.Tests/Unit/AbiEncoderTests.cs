using System.Numerics;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Tests.Unit;

public class AbiEncoderTests
{
    [Theory]
    [InlineData("uint8", "256")]
    [InlineData("uint8", "-1")]
    [InlineData("uint256", "-1")]
    [InlineData("uint256", "115792089237316195423570985008687907853269984665640564039457584007913129639936")]
    [InlineData("int8", "128")]
    [InlineData("int8", "-129")]
    [InlineData("int24", "8388608")]
    [InlineData("int256", "57896044618658097711785492504343953926634992332820282019728792003956564819968")]
    public void Encode_IntegerOutOfRange_ThrowsArgumentExceptionNamingType(string type, string value)
    {
        var ex = Assert.Throws<ArgumentException>(() => AbiEncoder.Encode(AbiType.Parse(type), BigInteger.Parse(value)));
        Assert.Contains(type, ex.Message);
        Assert.Contains("out of range", ex.Message);
    }

    [Theory]
    [InlineData("uint8", "255", "0x00000000000000000000000000000000000000000000000000000000000000ff")]
    [InlineData("int8", "127", "0x000000000000000000000000000000000000000000000000000000000000007f")]
    [InlineData("int8", "-128", "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80")]
    [InlineData("int256", "-57896044618658097711785492504343953926634992332820282019728792003956564819968", "0x8000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("uint256", "115792089237316195423570985008687907853269984665640564039457584007913129639935", "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    public void Encode_IntegerAtBoundary_EncodesTwosComplement(string type, string value, string expected)
    {
        AbiType abiType = AbiType.Parse(type);
        byte[] encoded = AbiEncoder.Encode(abiType, BigInteger.Parse(value));
        Assert.Equal(expected, Hex.Encode(encoded));
        Assert.Equal(BigInteger.Parse(value), AbiDecoder.Decode(abiType, encoded));
    }

    [Fact]
    public void Encode_BuiltInIntegerTypes_Accepted()
    {
        AbiType[] types = [AbiType.UInt(8), AbiType.Int(64), AbiType.UInt256, AbiType.UInt(32)];
        object[] decoded = AbiDecoder.Decode(types, AbiEncoder.Encode(types, [(byte)7, -5L, 42, 9u]));
        AbiValues.AssertEqual(new object[] { new BigInteger(7), new BigInteger(-5), new BigInteger(42), new BigInteger(9) }, decoded);
    }

    [Fact]
    public void Encode_AddressString_ParsedAndChecksumValidated()
    {
        byte[] fromString = AbiEncoder.Encode(AbiType.Address, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        byte[] fromAddress = AbiEncoder.Encode(AbiType.Address, Address.Parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"));
        Assert.Equal(fromAddress, fromString);
        var ex = Assert.Throws<ArgumentException>(() => AbiEncoder.Encode(AbiType.Address, "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));
        Assert.Contains("EIP-55", ex.Message);
    }

    [Fact]
    public void Encode_FixedBytesWrongLength_ThrowsArgumentExceptionNamingType()
    {
        var ex = Assert.Throws<ArgumentException>(() => AbiEncoder.Encode(AbiType.FixedBytes(3), new byte[2]));
        Assert.Contains("bytes3", ex.Message);
    }

    [Fact]
    public void Encode_FixedArrayWrongCount_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => AbiEncoder.Encode(AbiType.Parse("uint256[3]"), new object[] { BigInteger.One }));
        Assert.Contains("uint256[3]", ex.Message);
    }

    [Fact]
    public void Encode_TupleWrongCount_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => AbiEncoder.Encode(AbiType.Parse("(uint256,bool)"), new object[] { BigInteger.One }));

    [Fact]
    public void Encode_ValueCountMismatch_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => AbiEncoder.Encode([AbiType.UInt256, AbiType.Bool], [BigInteger.One]));

    [Theory]
    [InlineData("uint256", "12")]
    [InlineData("bool", 1)]
    [InlineData("string", 1)]
    [InlineData("bytes", "0x12")]
    [InlineData("address", 5)]
    [InlineData("uint256[]", 5)]
    public void Encode_WrongClrType_ThrowsArgumentExceptionNamingType(string type, object value)
    {
        var ex = Assert.Throws<ArgumentException>(() => AbiEncoder.Encode(AbiType.Parse(type), value));
        Assert.Contains(type, ex.Message);
    }

    [Fact]
    public void Encode_NullValue_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => AbiEncoder.Encode([AbiType.String], [null!]));

    [Fact]
    public void Encode_TypedListsAndMemory_Accepted()
    {
        AbiType[] types = [AbiType.Parse("uint256[]"), AbiType.Parse("string[]"), AbiType.Bytes];
        byte[] viaObjects = AbiEncoder.Encode(types, [new object[] { BigInteger.One, new BigInteger(2) }, new object[] { "x" }, new byte[] { 1, 2 }]);
        byte[] viaTyped = AbiEncoder.Encode(types, [new[] { BigInteger.One, new BigInteger(2) }, new List<string> { "x" }, new ReadOnlyMemory<byte>([1, 2])]);
        Assert.Equal(viaObjects, viaTyped);
    }

    [Fact]
    public void Encode_EmptyDynamicValues_EncodeLengthZero()
    {
        AbiType[] types = [AbiType.Bytes, AbiType.String, AbiType.Parse("uint256[]")];
        byte[] encoded = AbiEncoder.Encode(types, [Array.Empty<byte>(), "", Array.Empty<object>()]);
        Assert.Equal(6 * 32, encoded.Length);
        AbiValues.AssertEqual(new object[] { Array.Empty<byte>(), "", Array.Empty<object>() }, AbiDecoder.Decode(types, encoded));
    }

    [Fact]
    public void Encode_NoTypes_ReturnsEmpty() => Assert.Empty(AbiEncoder.Encode([], []));
}
