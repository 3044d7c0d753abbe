using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Engine.Monitoring;

/// <summary>
/// Judges each chain head a node reports against the heads seen before, so the engine never publishes data from a node
/// that went back in time, and re-reads when the chain was reorganised.
/// </summary>
/// <remarks>
/// <para>It keeps the hash of every height of the last <see cref="MaxReorgDepth"/> blocks of the chain it follows. A new
/// head is:</para>
/// <list type="bullet">
/// <item><see cref="HeadVerdictKind.Advanced"/>: higher than any seen, on the same chain (its parent is the block seen
/// at the height below, or that block is unknown). Read it.</item>
/// <item><see cref="HeadVerdictKind.Duplicate"/>: the head already followed (same height, same hash). Nothing to do.</item>
/// <item><see cref="HeadVerdictKind.Reorg"/>: a block that replaces one seen: same height with another hash, a lower
/// height whose hash differs from the one seen there (the chain was reorganised onto a shorter branch), or a higher
/// block whose parent is not the block seen below it. The chain now follows it; read it (a reorg of depth k re-reads the
/// new head, which carries the state after the reorg).</item>
/// <item><see cref="HeadVerdictKind.Behind"/>: lower than the highest seen without a reorg explanation: the block at
/// that height is the one already seen (or its parent is), i.e. the node serves an older state of the same chain (a
/// lagging or resynced backend). Not trusted: nothing is read and the state is unchanged, so the node becomes trusted
/// again once it reports a head that is new again.</item>
/// <item><see cref="HeadVerdictKind.Reset"/>: more than <see cref="MaxReorgDepth"/> (64) blocks below the highest seen:
/// far deeper than any reorg a chain with finality produces, so the node was reset or is far out of sync. With
/// <see cref="AcceptResets"/> (dev chains, where a restarted node is a new chain) the tracker starts over from it and it
/// is read; otherwise it is not trusted, like <see cref="HeadVerdictKind.Behind"/>.</item>
/// </list>
/// <para>Not thread-safe: one tracker per chain monitor, fed from its single head loop.</para>
/// </remarks>
public sealed class HeadTracker
{
    /// <summary>Default <see cref="MaxReorgDepth"/>: 64 blocks, two Ethereum epochs (finality).</summary>
    public const int DefaultMaxReorgDepth = 64;

    private readonly SortedDictionary<ulong, string> _hashes = [];

    /// <param name="maxReorgDepth">Deepest drop below the highest head still judged as a reorg or lag.</param>
    /// <param name="acceptResets">Whether a deeper drop starts the tracker over (a dev node restart) instead of being untrusted.</param>
    public HeadTracker(int maxReorgDepth = DefaultMaxReorgDepth, bool acceptResets = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxReorgDepth);
        MaxReorgDepth = maxReorgDepth;
        AcceptResets = acceptResets;
    }

    /// <summary>The deepest drop below the highest head judged as a reorg or a lagging node; deeper is a reset.</summary>
    public int MaxReorgDepth { get; }

    /// <summary>Whether a reset is accepted (start over) rather than untrusted.</summary>
    public bool AcceptResets { get; }

    /// <summary>The head the tracker follows: the newest head it accepted (not always the highest number, after a reorg onto a shorter branch).</summary>
    public BlockHeader? Head { get; private set; }

    /// <summary>Judges <paramref name="header"/> and, unless it is untrusted, follows it.</summary>
    public HeadVerdict Observe(BlockHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (Head is not { } head)
        {
            return Accept(header, HeadVerdictKind.Advanced, 0, null);
        }

        ulong n = header.Number;
        if (n > head.Number)
        {
            // Higher: on the chain we follow unless its parent contradicts the block we saw right below it.
            if (_hashes.TryGetValue(n - 1, out string? below) && !SameHash(below, header.ParentHash))
            {
                int depth = (int)Math.Min(int.MaxValue, ReplacedFrom(n - 1));
                return Accept(header, HeadVerdictKind.Reorg, depth, $"reorg of depth {depth}: block {n} does not build on block {n - 1} seen before");
            }

            return Accept(header, HeadVerdictKind.Advanced, 0, null);
        }

        if (n == head.Number && SameHash(header.Hash, head.Hash))
        {
            return new HeadVerdict(HeadVerdictKind.Duplicate, header, 0, null, Trusted: true);
        }

        ulong drop = head.Number - n;
        if (drop > (ulong)MaxReorgDepth)
        {
            string what = $"node head went back {drop} blocks, from {head.Number} to {n}: deeper than any reorg ({MaxReorgDepth}), so the node was reset or is out of sync";
            if (!AcceptResets)
            {
                return Untrusted(HeadVerdictKind.Reset, header, what + "; not trusted");
            }

            Clear();
            return Accept(header, HeadVerdictKind.Reset, 0, what + "; following it as a new dev chain");
        }

        // At or below the head, within reorg depth: a reorg if the chain changed at that height, otherwise the node is behind.
        bool parentDiffers = n > 0 && _hashes.TryGetValue(n - 1, out string? parent) && !SameHash(parent, header.ParentHash);
        bool changed = _hashes.TryGetValue(n, out string? seen) ? !SameHash(seen, header.Hash) : parentDiffers;
        if (changed)
        {
            int depth = (int)Math.Min(int.MaxValue, ReplacedFrom(parentDiffers ? n - 1 : n));
            return Accept(header, HeadVerdictKind.Reorg, depth,
                $"reorg of depth {depth}: block {n} is now {Short(header.Hash)}" + (n < head.Number ? $" (the chain was at {head.Number})" : ""));
        }

        return Untrusted(HeadVerdictKind.Behind, header,
            $"node head went backwards from {head.Number} to {n} on the same chain (no reorg): the node is behind; not trusted");
    }

    /// <summary>Forgets everything, e.g. when the node turned out to serve another chain.</summary>
    public void Clear()
    {
        _hashes.Clear();
        Head = null;
    }

    /// <summary>How many followed blocks from <paramref name="height"/> up to the head a replacement there discards.</summary>
    private ulong ReplacedFrom(ulong height) => Head is { } head && head.Number >= height ? head.Number - height + 1 : 1;

    private HeadVerdict Accept(BlockHeader header, HeadVerdictKind kind, int depth, string? note)
    {
        // Heights at and above the new head belong to a branch that is no longer followed.
        foreach (ulong stale in _hashes.Keys.Where(k => k >= header.Number).ToList())
        {
            _hashes.Remove(stale);
        }

        _hashes[header.Number] = header.Hash;
        if (header.Number > 0 && !_hashes.ContainsKey(header.Number - 1))
        {
            _hashes[header.Number - 1] = header.ParentHash;
        }
        else if (header.Number > 0 && !SameHash(_hashes[header.Number - 1], header.ParentHash))
        {
            // The parent was replaced too (a deeper reorg than this head shows); what lies below it is unknown now.
            foreach (ulong stale in _hashes.Keys.Where(k => k < header.Number).ToList())
            {
                _hashes.Remove(stale);
            }

            _hashes[header.Number - 1] = header.ParentHash;
        }

        ulong keepFrom = header.Number > (ulong)MaxReorgDepth ? header.Number - (ulong)MaxReorgDepth : 0;
        while (_hashes.Count > 0 && _hashes.Keys.First() < keepFrom)
        {
            _hashes.Remove(_hashes.Keys.First());
        }

        Head = header;
        return new HeadVerdict(kind, header, depth, note, Trusted: true);
    }

    private static HeadVerdict Untrusted(HeadVerdictKind kind, BlockHeader header, string message) =>
        new(kind, header, 0, message, Trusted: false);

    private static bool SameHash(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string Short(string hash) => hash.Length > 12 ? hash[..10] + "…" : hash;
}

/// <summary>What <see cref="HeadTracker.Observe"/> made of a head.</summary>
/// <param name="Kind">The judgement.</param>
/// <param name="Header">The head judged.</param>
/// <param name="ReorgDepth">For <see cref="HeadVerdictKind.Reorg"/>: how many followed blocks were replaced (at least); otherwise 0.</param>
/// <param name="Message">What happened, in words for the status and the log; null for an ordinary new head or duplicate.</param>
/// <param name="Trusted">
/// Whether the node's data at this head may be used: false for <see cref="HeadVerdictKind.Behind"/> and an unaccepted
/// <see cref="HeadVerdictKind.Reset"/> (the tracker then kept its state).
/// </param>
public sealed record HeadVerdict(HeadVerdictKind Kind, BlockHeader Header, int ReorgDepth, string? Message, bool Trusted)
{
    /// <summary>Whether the portfolios should be read at <see cref="Header"/>: a trusted head that is new or replaces one.</summary>
    public bool ShouldRead => Trusted && Kind != HeadVerdictKind.Duplicate;
}

/// <summary>Kinds of <see cref="HeadVerdict"/>; see <see cref="HeadTracker"/>.</summary>
public enum HeadVerdictKind
{
    /// <summary>A new, higher head on the followed chain.</summary>
    Advanced,

    /// <summary>The head already followed.</summary>
    Duplicate,

    /// <summary>A block replacing one seen (same height, other hash; or a branch switch).</summary>
    Reorg,

    /// <summary>Lower than the followed head on the same chain: the node lags; untrusted.</summary>
    Behind,

    /// <summary>Far below the followed head: the node was reset (accepted on dev chains) or is far out of sync (untrusted).</summary>
    Reset,
}
