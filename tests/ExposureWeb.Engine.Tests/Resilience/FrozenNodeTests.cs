using System.Diagnostics;
using Xunit.Abstractions;

namespace ExposureWeb.Engine.Tests.Resilience;

/// <summary>
/// A node that accepts connections and never answers (frozen behind <see cref="FreezableTcpProxy"/>): the engine must
/// say so within twice the RPC timeout, and carry on with a second endpoint within the same time.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class FrozenNodeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RpcTimeout = TimeSpan.FromMilliseconds(1000); // EngineHarness's Engine:RpcTimeoutMs

    [Fact]
    public async Task Engine_OnlyNodeFreezes_UnreachableWithinTwiceTheRpcTimeout()
    {
        FreezableTcpProxy? proxy = null;
        await using var engine = await EngineHarness.StartAsync(output, p =>
        {
            proxy = new FreezableTcpProxy(new Uri(p.RpcUrls[0]).Port);
            p.RpcUrls = [proxy.HttpUrl];
            p.WsUrl = proxy.WsUrl;
        });
        await using var _ = proxy!;
        await engine.ReadyAsync();
        await engine.Chain.MineAsync();
        await engine.StatusAsync(s => s.Reachable && s.HeadBlock >= 1, "a head through the proxy");

        var frozenAt = Stopwatch.StartNew();
        var before = engine.Published.Statuses.Count;
        proxy!.Freeze();
        ExposureWeb.Engine.Snapshots.ChainStatus? down = null;
        await Poll.UntilAsync(() => (down = engine.Published.Statuses.Skip(before).FirstOrDefault(s => !s.Reachable)) is not null,
            "the chain unreachable after the freeze", TimeSpan.FromSeconds(60));
        output.WriteLine($"unreachable after {frozenAt.ElapsedMilliseconds} ms: {down!.Error}");
        Assert.True(frozenAt.Elapsed <= 2 * RpcTimeout + TimeSpan.FromMilliseconds(500), $"noticed after {frozenAt.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Engine_FirstNodeFreezesSecondAnswers_NextBlockReadWithinTwiceTheRpcTimeoutWithoutAnOutage()
    {
        FreezableTcpProxy? proxy = null;
        await using var engine = await EngineHarness.StartAsync(output, p =>
        {
            var direct = p.RpcUrls[0];
            proxy = new FreezableTcpProxy(new Uri(direct).Port);
            p.RpcUrls = [proxy.HttpUrl, direct];
            p.WsUrl = proxy.WsUrl;
        });
        await using var _ = proxy!;
        await engine.ReadyAsync();
        await engine.SnapshotAsync(s => true, "a first snapshot");

        var before = engine.Published.Statuses.Count;
        proxy!.Freeze();
        var mined = await engine.Chain.MineAsync();
        var sinceMined = Stopwatch.StartNew();
        await engine.SnapshotAsync(s => s.BlockNumber >= mined.Number, $"block {mined.Number} read through the second endpoint", TimeSpan.FromSeconds(30));
        output.WriteLine($"block {mined.Number} read {sinceMined.ElapsedMilliseconds} ms after it was mined");
        Assert.True(sinceMined.Elapsed <= 2 * RpcTimeout + TimeSpan.FromMilliseconds(500), $"read after {sinceMined.ElapsedMilliseconds} ms");
        Assert.DoesNotContain(engine.Published.Statuses.Skip(before), s => !s.Reachable);
    }
}

/// <summary>Tests that measure latencies against a bound run alone, not beside the project's other chain tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "timing-sensitive";
}
