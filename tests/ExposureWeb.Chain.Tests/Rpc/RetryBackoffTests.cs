using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Tests.Rpc;

public sealed class RetryBackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 250)]
    [InlineData(2, 500)]
    [InlineData(3, 1000)]
    [InlineData(4, 2000)]
    [InlineData(5, 2000)]
    public void Delay_FailuresInARow_DoublesFromInitialUpToCap(int failures, double expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryBackoff.Delay(failures, Initial, Cap));
    }

    [Fact]
    public void Delay_VeryLongOutage_StaysAtCap()
    {
        Assert.Equal(Cap, RetryBackoff.Delay(int.MaxValue, Initial, Cap));
    }
}
