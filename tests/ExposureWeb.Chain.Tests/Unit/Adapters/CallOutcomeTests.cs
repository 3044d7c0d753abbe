using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Tests.Unit.Adapters;

/// <summary><see cref="CallOutcome.TryDecode"/>: what the adapters count as a successful read.</summary>
public class CallOutcomeTests
{
    [Fact]
    public void TryDecode_SuccessWithWord_ReturnsValue()
    {
        // decimals() → uint8 6, one 32-byte word.
        var outcome = new CallOutcome(true, Hex.Decode("0x" + new string('0', 63) + "6"));

        Assert.True(outcome.TryDecode<DecimalsOutput>(out var values, out var error));
        Assert.Equal(6, values.Decimals);
        Assert.Null(error);
    }

    [Fact]
    public void TryDecode_SuccessWithoutData_FailsSayingNoData()
    {
        // What a call to an address without code returns.
        var outcome = new CallOutcome(true, []);

        Assert.False(outcome.TryDecode<DecimalsOutput>(out var values, out var error));
        Assert.Null(values);
        Assert.Equal("returned no data (no contract at this address?)", error);
    }

    [Fact]
    public void TryDecode_SuccessWithTruncatedWord_FailsNamingTheFunction()
    {
        var outcome = new CallOutcome(true, [0, 0, 0, 6]);

        Assert.False(outcome.TryDecode<DecimalsOutput>(out _, out var error));
        Assert.StartsWith("returned data that does not decode as DecimalsOutput (uint8): ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_Reverted_FailsWithRevertReason()
    {
        // Panic(0x11): arithmetic overflow.
        var outcome = new CallOutcome(false, Hex.Decode("0x4e487b71" + new string('0', 62) + "11"));

        Assert.False(outcome.TryDecode<DecimalsOutput>(out _, out var error));
        Assert.Equal("panicked with code 0x11", error);
    }
}
