using ExposureWeb.Chain.Rpc;
using ExposureWeb.Engine.Monitoring;

namespace ExposureWeb.Engine.Tests.Resilience;

/// <summary><see cref="HeadTracker"/> on synthetic headers: branch <c>b</c> of height <c>n</c> has its own hash.</summary>
public sealed class HeadTrackerTests
{
    private static string Hash(ulong number, int branch) => "0x" + branch.ToString("x2") + number.ToString("x62");

    /// <summary>Block <paramref name="number"/> of a branch that forks off branch 0 above <paramref name="forkAbove"/>.</summary>
    private static BlockHeader Block(ulong number, int branch = 0, ulong forkAbove = 0)
    {
        int own = number > forkAbove ? branch : 0;
        int parent = number - 1 > forkAbove ? branch : 0;
        return new BlockHeader(number, Hash(number, own), Hash(number - 1, parent), DateTimeOffset.FromUnixTimeSeconds(1_700_000_000 + (long)number));
    }

    private static HeadTracker FollowingUpTo(ulong head, int maxReorgDepth = 64, bool acceptResets = false)
    {
        var tracker = new HeadTracker(maxReorgDepth, acceptResets);
        for (ulong n = head > 70 ? head - 70 : 1; n <= head; n++) Assert.Equal(HeadVerdictKind.Advanced, tracker.Observe(Block(n)).Kind);
        return tracker;
    }

    [Fact]
    public void Observe_FirstAndNextHeads_AdvancedAndRead()
    {
        var tracker = new HeadTracker();

        var first = tracker.Observe(Block(10));
        var next = tracker.Observe(Block(11));

        Assert.Equal(HeadVerdictKind.Advanced, first.Kind);
        Assert.True(first.ShouldRead);
        Assert.Equal(HeadVerdictKind.Advanced, next.Kind);
        Assert.Null(next.Message);
        Assert.Equal(Block(11), tracker.Head);
    }

    [Fact]
    public void Observe_SameBlockAgain_DuplicateNotRead()
    {
        var tracker = FollowingUpTo(10);

        var verdict = tracker.Observe(Block(10));

        Assert.Equal(HeadVerdictKind.Duplicate, verdict.Kind);
        Assert.True(verdict.Trusted);
        Assert.False(verdict.ShouldRead);
    }

    [Fact]
    public void Observe_SameHeightDifferentHash_ReorgOfDepthOneReadAndFollowed()
    {
        var tracker = FollowingUpTo(10);

        var verdict = tracker.Observe(Block(10, branch: 1, forkAbove: 9));

        Assert.Equal(HeadVerdictKind.Reorg, verdict.Kind);
        Assert.Equal(1, verdict.ReorgDepth);
        Assert.True(verdict.ShouldRead);
        Assert.Contains("reorg of depth 1", verdict.Message, StringComparison.Ordinal);
        Assert.Equal(Hash(10, 1), tracker.Head!.Hash);
        // The next block of the new branch is an ordinary advance.
        Assert.Equal(HeadVerdictKind.Advanced, tracker.Observe(Block(11, branch: 1, forkAbove: 9)).Kind);
    }

    [Fact]
    public void Observe_ReplacementWhoseParentAlsoChanged_ReorgDepthCountsTheParent()
    {
        var tracker = FollowingUpTo(10);

        // Branch 1 forks above 8: blocks 9 and 10 are replaced.
        var verdict = tracker.Observe(Block(10, branch: 1, forkAbove: 8));

        Assert.Equal(HeadVerdictKind.Reorg, verdict.Kind);
        Assert.Equal(2, verdict.ReorgDepth);
    }

    [Fact]
    public void Observe_LowerHeightOnOtherBranch_ReorgToShorterChainReadAndFollowed()
    {
        var tracker = FollowingUpTo(10);

        var verdict = tracker.Observe(Block(8, branch: 1, forkAbove: 7));

        Assert.Equal(HeadVerdictKind.Reorg, verdict.Kind);
        Assert.Equal(3, verdict.ReorgDepth); // 8, 9, 10 gone
        Assert.True(verdict.ShouldRead);
        Assert.Equal(8UL, tracker.Head!.Number);
        Assert.Contains("the chain was at 10", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_LowerHeightSameChain_BehindUntrustedAndStateKept()
    {
        var tracker = FollowingUpTo(10);

        var verdict = tracker.Observe(Block(7));

        Assert.Equal(HeadVerdictKind.Behind, verdict.Kind);
        Assert.False(verdict.Trusted);
        Assert.False(verdict.ShouldRead);
        Assert.Contains("went backwards from 10 to 7", verdict.Message, StringComparison.Ordinal);
        Assert.Equal(10UL, tracker.Head!.Number);
    }

    [Fact]
    public void Observe_BehindThenCatchesUp_TrustedAgain()
    {
        var tracker = FollowingUpTo(10);
        Assert.False(tracker.Observe(Block(9)).Trusted);
        Assert.False(tracker.Observe(Block(10)).ShouldRead); // the head we already follow

        var verdict = tracker.Observe(Block(11));

        Assert.Equal(HeadVerdictKind.Advanced, verdict.Kind);
        Assert.True(verdict.ShouldRead);
    }

    [Fact]
    public void Observe_LowerHeightNeverSeenButParentMatches_Behind()
    {
        // The tracker saw 10 and 12 only (a gap), then 11 of the same chain arrives.
        var tracker = new HeadTracker();
        tracker.Observe(Block(10));
        tracker.Observe(Block(12));

        var verdict = tracker.Observe(Block(11));

        Assert.Equal(HeadVerdictKind.Behind, verdict.Kind);
    }

    [Fact]
    public void Observe_HigherBlockNotBuildingOnTheHead_ReorgAndRead()
    {
        var tracker = FollowingUpTo(10);

        // Block 11 of a branch that replaced 10 (the watcher missed the replacement 10).
        var verdict = tracker.Observe(Block(11, branch: 1, forkAbove: 9));

        Assert.Equal(HeadVerdictKind.Reorg, verdict.Kind);
        Assert.Equal(1, verdict.ReorgDepth);
        Assert.True(verdict.ShouldRead);
    }

    [Fact]
    public void Observe_DropDeeperThanMaxReorgDepth_ResetUntrustedAndStateKept()
    {
        var tracker = FollowingUpTo(200);

        var verdict = tracker.Observe(Block(135, branch: 1, forkAbove: 2));

        Assert.Equal(HeadVerdictKind.Reset, verdict.Kind);
        Assert.False(verdict.Trusted);
        Assert.Contains("went back 65 blocks, from 200 to 135", verdict.Message, StringComparison.Ordinal);
        Assert.EndsWith("not trusted", verdict.Message, StringComparison.Ordinal);
        Assert.Equal(200UL, tracker.Head!.Number);
    }

    [Fact]
    public void Observe_DropOfExactlyMaxReorgDepthOnOtherBranch_StillAReorg()
    {
        var tracker = FollowingUpTo(200);

        var verdict = tracker.Observe(Block(136, branch: 1, forkAbove: 135));

        Assert.Equal(HeadVerdictKind.Reorg, verdict.Kind);
        Assert.Equal(65, verdict.ReorgDepth);
    }

    [Fact]
    public void Observe_DevNodeRestartedFromGenesisWithResetsAccepted_FollowedAsNewChain()
    {
        var tracker = FollowingUpTo(500, acceptResets: true);

        var restarted = tracker.Observe(Block(1, branch: 7, forkAbove: 0));
        var next = tracker.Observe(Block(2, branch: 7, forkAbove: 0));

        Assert.Equal(HeadVerdictKind.Reset, restarted.Kind);
        Assert.True(restarted.Trusted);
        Assert.True(restarted.ShouldRead);
        Assert.EndsWith("following it as a new dev chain", restarted.Message, StringComparison.Ordinal);
        Assert.Equal(HeadVerdictKind.Advanced, next.Kind);
        Assert.Equal(2UL, tracker.Head!.Number);
    }

    [Fact]
    public void Observe_LongRun_KeepsOnlyTheReorgWindow()
    {
        var tracker = new HeadTracker(maxReorgDepth: 8);
        for (ulong n = 1; n <= 1_000; n++) tracker.Observe(Block(n));

        // 995 is inside the window and known: a lagging node. 991 is beyond it: a reset. 993 of another branch: a reorg.
        Assert.Equal(HeadVerdictKind.Behind, tracker.Observe(Block(995)).Kind);
        Assert.Equal(HeadVerdictKind.Reset, tracker.Observe(Block(991)).Kind);
        Assert.Equal(HeadVerdictKind.Reorg, tracker.Observe(Block(993, branch: 1, forkAbove: 992)).Kind);
    }

    [Fact]
    public void Constructor_NonPositiveDepth_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HeadTracker(0));
    }
}
