using System.Numerics;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Anvil;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ExposureWeb.Engine.Tests.Resilience;

/// <summary>
/// The engine against a real anvil when the chain or its RPC misbehave: reorgs, a head going backwards, a dead
/// primary RPC, a failing aggregate3, a feed pinned at its bound. Each test has a chain and engine of its own.
/// </summary>
public sealed class EngineResilienceTests(ITestOutputHelper output)
{
    private static Uri ClosedPort(string userInfo = "") => new($"http://{userInfo}127.0.0.1:{FreePort.Pick()}/");

    [Fact]
    public async Task Engine_SameHeightReplacedByAnotherBlock_PublishesSnapshotForTheNewHash()
    {
        await using var engine = await EngineHarness.StartAsync(output);
        await engine.ReadyAsync();
        string before = await engine.Chain.SnapshotAsync();
        var a = await engine.Chain.MineAsync();
        await engine.SnapshotAsync(s => s.BlockHash == a.Hash, $"a snapshot of block {a.Number} ({a.Hash})");

        // Roll back and mine a different block at the same height: it carries a price push, so it differs from A.
        await engine.Chain.RevertAsync(before);
        var receipt = await engine.Chain.PushAnswerAsync(engine.Chain.Feed("ETH"), 3_200 * DemoChain.FeedScale);
        var b = await engine.Chain.BlockAsync(receipt.BlockNumber);
        var replacement = await engine.SnapshotAsync(s => s.BlockHash == b.Hash, $"a snapshot of the replacement block {b.Number} ({b.Hash})");

        Assert.Equal(a.Number, b.Number);
        Assert.NotEqual(a.Hash, b.Hash);
        Assert.Equal(b.Number, replacement.BlockNumber);
        Assert.Equal(3_200, replacement.Assets.Single(r => r.Underlying == "ETH").PriceUsd);
        Assert.Contains(engine.Log, line => line.Contains("reorg of depth 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Engine_HeadGoesBackwardsWithoutReorg_StatusErrorAndNoReadUntilANewBlock()
    {
        // Heads polled over HTTP: anvil does not push anything on evm_revert.
        await using var engine = await EngineHarness.StartAsync(output, p => p.WsUrl = null);
        await engine.ReadyAsync();
        string back = await engine.Chain.SnapshotAsync();
        var from = await engine.Chain.BlockAsync();
        await engine.Chain.MineAsync();
        var top = await engine.Chain.MineAsync();
        await engine.SnapshotAsync(s => s.BlockHash == top.Hash, $"a snapshot of block {top.Number}");
        int published = engine.Published.Snapshots.Count;

        // The node now serves block `from` again, which the engine has seen: no reorg, it went back in time.
        await engine.Chain.RevertAsync(back);
        var untrusted = await engine.StatusAsync(s => !s.Reachable && s.Error?.Contains("went backwards", StringComparison.Ordinal) == true,
            "a status saying the head went backwards");

        Assert.Contains($"from {top.Number} to {from.Number}", untrusted.Error, StringComparison.Ordinal);
        Assert.Equal(top.Number, untrusted.HeadBlock);
        Assert.DoesNotContain(engine.Published.Snapshots.Skip(published), s => s.BlockNumber < top.Number);

        // A new block at a height seen before is a reorg: read, and the node is trusted again.
        var receipt = await engine.Chain.PushAnswerAsync(engine.Chain.Feed("ETH"), 3_100 * DemoChain.FeedScale);
        var fresh = await engine.Chain.BlockAsync(receipt.BlockNumber);
        var snapshot = await engine.SnapshotAsync(s => s.BlockHash == fresh.Hash, $"a snapshot of the new block {fresh.Number}");
        var recovered = await engine.StatusAsync(s => s.Reachable && s.HeadBlock == fresh.Number, "a reachable status at the new block");

        Assert.Equal(3_100, snapshot.Assets.Single(r => r.Underlying == "ETH").PriceUsd);
        Assert.Null(recovered.Error);
    }

    [Fact]
    public async Task Engine_PrimaryRpcDown_ReadsFromTheSecondAndStatusNamesItRedacted()
    {
        Uri down = ClosedPort("reader:hunter2@");
        await using var engine = await EngineHarness.StartAsync(output, p =>
        {
            p.WsUrl = null;
            p.RpcUrls = [down.ToString(), .. p.RpcUrls];
        });
        await engine.ReadyAsync();

        var block = await engine.Chain.MineAsync();
        var snapshot = await engine.SnapshotAsync(s => s.BlockHash == block.Hash, $"a snapshot of block {block.Number}");
        var status = await engine.StatusAsync(s => s.Reachable && s.HeadBlock >= block.Number, "a status at the mined block");

        Assert.Empty(snapshot.Errors);
        Assert.Equal(EndpointRedactor.Redact(engine.Chain.Anvil.RpcUrl), status.RpcEndpoint);
        Assert.DoesNotContain(engine.Log, line => line.Contains("hunter2", StringComparison.Ordinal));
        Assert.Contains(engine.Log, line => line.Contains(EndpointRedactor.Redact(down), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Engine_AllRpcEndpointsDown_UnreachableStatusNamesEachRedacted()
    {
        Uri first = ClosedPort("u:topsecret@");
        Uri second = ClosedPort();
        await using var engine = await EngineHarness.StartAsync(output, p =>
        {
            p.WsUrl = null;
            p.RpcUrls = [first.ToString(), second.ToString()];
        });

        var status = await engine.StatusAsync(s => !s.Reachable && s.Error != "connecting" && s.Error is not null, "an unreachable status");

        Assert.Contains(EndpointRedactor.Redact(first), status.Error, StringComparison.Ordinal);
        Assert.Contains(EndpointRedactor.Redact(second), status.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("topsecret", status.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(engine.Log, line => line.Contains("topsecret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Engine_Aggregate3FailsAtTheNode_SnapshotsCarryPerPositionErrorsAndEngineKeepsRunning()
    {
        // A token is no Multicall3: the node answers every batch's eth_call with "execution reverted".
        await using var engine = await EngineHarness.StartAsync(output, p => p.Multicall3 = p.Tokens.Single(t => t.Symbol == "WETH").Address);
        await engine.ReadyAsync();

        var first = await engine.Chain.MineAsync();
        var failed = await engine.SnapshotAsync(s => s.BlockHash == first.Hash, $"a snapshot of block {first.Number}");
        var second = await engine.Chain.MineAsync();
        var next = await engine.SnapshotAsync(s => s.BlockHash == second.Hash, $"a snapshot of block {second.Number} (the engine keeps running)");

        // Nothing could be read, so nothing is priced or netted; the node's refusal and every feed's failure are reported.
        Assert.Empty(failed.Assets);
        Assert.True(failed.Errors.Count > engine.Profile.PriceFeeds.Count, string.Join("\n", failed.Errors));
        Assert.Contains(failed.Errors, e => e.StartsWith("Multicall3 aggregate3 of ", StringComparison.Ordinal) && e.Contains("failed (JSON-RPC error", StringComparison.Ordinal));
        Assert.Contains(failed.Errors, e => e.StartsWith("ETH/USD feed", StringComparison.Ordinal));
        // …and each position of each protocol is listed with its own error instead of a value.
        Assert.Equal(["aave-v3", "gmx-v2", "opyn-gamma", "spot", "uniswap-v3"], failed.Positions.Select(p => p.Protocol).Distinct().Order(StringComparer.Ordinal));
        Assert.All(failed.Positions, p =>
        {
            Assert.Contains("reverted", p.Status, StringComparison.Ordinal);
            Assert.Null(p.UsdDelta);
        });
        Assert.Equal(failed.Errors.Count, next.Errors.Count);
        Assert.Equal(failed.Positions.Count, next.Positions.Count);
        Assert.True(engine.Services.GetRequiredService<Publishing.LatestState>().Chain("local")?.Reachable);
    }

    [Fact]
    public async Task Engine_FeedPinnedAtItsMaximum_RowCarriesTheIssueAndNoUsdValue()
    {
        await using var engine = await EngineHarness.StartAsync(output);
        await engine.ReadyAsync();

        // The demo ETH feed stores at most 10^9 USD; a report of twice that is stored at the bound.
        var receipt = await engine.Chain.PushAnswerAsync(engine.Chain.Feed("ETH"), 2 * BigInteger.Pow(10, 9) * DemoChain.FeedScale);
        var snapshot = await engine.SnapshotAsync(s => s.BlockNumber == receipt.BlockNumber, $"a snapshot of block {receipt.BlockNumber}");

        var eth = snapshot.Assets.Single(r => r.Underlying == "ETH");
        Assert.StartsWith("pinned at the feed's maximum", eth.PriceIssue, StringComparison.Ordinal);
        Assert.Null(eth.UsdDelta);
        Assert.True(eth.IsStale(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Engine_StaleFeed_StillFlaggedAfterTheResilienceChanges()
    {
        await using var engine = await EngineHarness.StartAsync(output);
        await engine.ReadyAsync();

        // One hour heartbeat + 60 s margin + 1 s.
        var block = await engine.Chain.AdvanceTimeAsync(TimeSpan.FromSeconds(3_661));
        var snapshot = await engine.SnapshotAsync(s => s.BlockHash == block.Hash, $"a snapshot of block {block.Number}");

        var eth = snapshot.Assets.Single(r => r.Underlying == "ETH");
        Assert.StartsWith("stale", eth.PriceIssue, StringComparison.Ordinal);
        Assert.Null(eth.UsdDelta);
    }
}
