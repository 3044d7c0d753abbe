using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Tests.Unit.Adapters;

/// <summary>The words an adapter's error line shows for a failed call (<see cref="CallOutcome.FailureReason"/>).</summary>
public class RevertReasonTests
{
    // Error(string) = 0x08c379a0; "DemoToken: only minter" is 22 = 0x16 bytes of ASCII.
    private const string OnlyMinter =
        "0x08c379a0" +
        "0000000000000000000000000000000000000000000000000000000000000020" +
        "0000000000000000000000000000000000000000000000000000000000000016" +
        "44656d6f546f6b656e3a206f6e6c79206d696e74657200000000000000000000";

    [Fact]
    public void Describe_ErrorString_ReturnsTheMessage()
    {
        Assert.Equal("reverted: DemoToken: only minter", RevertReason.Describe(Hex.Decode(OnlyMinter)));
    }

    [Fact]
    public void Describe_ErrorEmptyString_ReturnsPrefixOnly()
    {
        var data = Hex.Decode("0x08c379a0" + "0000000000000000000000000000000000000000000000000000000000000020" + new string('0', 64));

        Assert.Equal("reverted: ", RevertReason.Describe(data));
    }

    [Theory]
    // Panic(uint256) = 0x4e487b71; 0x11 arithmetic overflow, 0x12 division by zero, 0x32 array index out of bounds.
    [InlineData("0000000000000000000000000000000000000000000000000000000000000011", "panicked with code 0x11")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000012", "panicked with code 0x12")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000032", "panicked with code 0x32")]
    public void Describe_Panic_ReturnsCodeInHex(string code, string expected)
    {
        Assert.Equal(expected, RevertReason.Describe(Hex.Decode("0x4e487b71" + code)));
    }

    [Fact]
    public void Describe_Empty_RevertedWithoutReason()
    {
        Assert.Equal("reverted without a reason", RevertReason.Describe([]));
    }

    [Fact]
    public void Describe_ShorterThanSelector_MalformedWithHex()
    {
        Assert.Equal("reverted with malformed data 0x010203", RevertReason.Describe([1, 2, 3]));
    }

    [Fact]
    public void Describe_CustomError_ReturnsSelector()
    {
        // OpenZeppelin ERC20InsufficientBalance(address,uint256,uint256) = 0xe450d38c, with three words of arguments.
        var data = Hex.Decode("0xe450d38c" + new string('0', 62) + "01" + new string('0', 62) + "02" + new string('0', 62) + "03");

        Assert.Equal("reverted with custom error 0xe450d38c", RevertReason.Describe(data));
    }

    [Fact]
    public void Describe_ErrorSelectorWithTruncatedBody_FallsBackToSelector()
    {
        // The offset word is cut short: not decodable as Error(string), still worth showing.
        var data = Hex.Decode("0x08c379a0" + "0000000000000000000000000000000000000000000000000000000000000020" + "00000016");

        Assert.Equal("reverted with custom error 0x08c379a0", RevertReason.Describe(data));
    }

    [Fact]
    public void FailureReason_FailedOutcome_DescribesItsReturnData()
    {
        var outcome = new CallOutcome(false, Hex.Decode(OnlyMinter));

        Assert.Equal("reverted: DemoToken: only minter", outcome.FailureReason);
    }
}
