using ExposureWeb.Cli.Bench;

namespace ExposureWeb.Cli.Tests;

/// <summary>The `bench` ABI workload decodes the recorded demo batch completely with both decoders.</summary>
public class AbiDecodeWorkloadTests
{
    [Fact]
    public void Demo_RecordedBatch_EveryCallHasATypedOutput()
    {
        var workload = AbiDecodeWorkload.Demo();
        Assert.True(workload.Calls >= 100, $"the demo batch has {workload.Calls} calls");
        Assert.Equal(workload.Calls, workload.Decoded);
    }

    [Fact]
    public void DecodeWithSpanAndNethereum_DemoBatch_SameNumberOfDtos()
    {
        var workload = AbiDecodeWorkload.Demo();
        int span = workload.DecodeWithSpan();
        Assert.Equal(span, workload.DecodeWithNethereum());
        Assert.InRange(span, workload.Decoded - 10, workload.Decoded); // a few calls revert by design (speculative NFT indexes)
    }
}
