using System.Collections.Concurrent;
using System.Numerics;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Protocols.Chainlink;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Risk.Exposure;

namespace ExposureWeb.Chain.Adapters.Chainlink;

/// <summary>
/// USD prices from Chainlink-style feeds, read in the same batch as the positions. An answer that is
/// non-positive, pinned at the feed's minimum or maximum, or older than the feed's heartbeat plus a
/// margin at the block's time is returned with an <see cref="PriceQuote.Issue"/> and is never used
/// silently.
/// </summary>
/// <remarks>
/// <para>Bounds: Chainlink's OCR aggregators store a report outside <c>[minAnswer, maxAnswer]</c> as the bound, so a
/// crash below the floor shows as a price sitting at the floor (LUNA, May 2022). The bounds are read in the same
/// multicall, <c>allowFailure</c> everywhere, from two places:</para>
/// <list type="bullet">
/// <item>the aggregator behind a proxy (<c>aggregator()</c>, then its <c>minAnswer()</c>/<c>maxAnswer()</c>): a
/// multicall cannot chain one answer into the next call, so the aggregator address learnt from one read is remembered
/// (<see cref="ChainlinkAggregatorCache"/>) and its bounds are read from the next read on. The very first read of a
/// proxy feed therefore has no bounds, and after Chainlink swaps the aggregator one read still uses the old
/// aggregator's bounds;</item>
/// <item>the feed itself (feeds that are their own aggregator, like the dev chain's <c>DemoPriceFeed</c>).</item>
/// </list>
/// <para>An answer within <see cref="PinnedTolerance"/> (0.1%) of a bound, or beyond it, is "pinned". A feed without
/// readable bounds is not an error: many feeds (non-Chainlink adapters) have none.</para>
/// </remarks>
public sealed class ChainlinkPriceAdapter
{
    /// <summary>Relative distance to a bound within which an answer counts as pinned at it: 0.1% of the bound.</summary>
    public const double PinnedTolerance = 0.001;

    private readonly List<FeedCalls> _feeds = [];
    private readonly TimeSpan _staleMargin;
    private readonly ChainlinkAggregatorCache _aggregators;
    private readonly ulong _chainId;

    /// <param name="profile">Where the feeds are.</param>
    /// <param name="batch">The batch to plan the calls into.</param>
    /// <param name="staleMargin">Grace added to each feed's heartbeat.</param>
    /// <param name="aggregators">Aggregator addresses learnt from earlier reads; <see cref="ChainlinkAggregatorCache.Shared"/> by default.</param>
    public ChainlinkPriceAdapter(ChainProfile profile, MulticallBatch batch, TimeSpan staleMargin, ChainlinkAggregatorCache? aggregators = null)
    {
        _staleMargin = staleMargin;
        _aggregators = aggregators ?? ChainlinkAggregatorCache.Shared;
        _chainId = profile.ChainId;
        foreach (var feed in profile.PriceFeeds)
        {
            var address = Address.Parse(feed.Address);
            (int Min, int Max)? aggregatorBounds = null;
            if (_aggregators.TryGet(_chainId, address, out var aggregator) && aggregator != address)
            {
                aggregatorBounds = (batch.Add(aggregator, new MinAnswerFunction()), batch.Add(aggregator, new MaxAnswerFunction()));
            }
            _feeds.Add(new FeedCalls(
                feed,
                address,
                batch.Add(address, new LatestRoundDataFunction()),
                batch.Add(address, new FeedDecimalsFunction()),
                batch.Add(address, new AggregatorFunction()),
                (batch.Add(address, new MinAnswerFunction()), batch.Add(address, new MaxAnswerFunction())),
                aggregatorBounds));
        }
    }

    /// <summary>A quote per feed that answered (issues included), and an error per feed that did not.</summary>
    public (IReadOnlyDictionary<string, FeedQuote> Quotes, IReadOnlyList<string> Errors) Read(IReadOnlyList<CallOutcome> results, DateTimeOffset blockTime)
    {
        var quotes = new Dictionary<string, FeedQuote>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        foreach (var calls in _feeds)
        {
            var feed = calls.Feed;
            if (results[calls.Aggregator].TryDecode<AggregatorOutput>(out var proxied, out _) && Address.Parse(proxied.Aggregator) is var aggregator && aggregator != Address.Zero)
            {
                _aggregators.Set(_chainId, calls.Address, aggregator);
            }

            if (!results[calls.Round].TryDecode<LatestRoundDataOutput>(out var round, out var error)
                || !results[calls.Decimals].TryDecode<FeedDecimalsOutput>(out var reported, out error))
            {
                errors.Add($"{feed.Underlying}/USD feed {feed.Address}: {error}");
                continue;
            }
            var decimals = (int)reported.Decimals;
            var answer = round.Answer;
            var updatedAt = DateTimeOffset.FromUnixTimeSeconds((long)round.UpdatedAt);
            var staleAfter = updatedAt + TimeSpan.FromSeconds(feed.HeartbeatSeconds) + _staleMargin;
            var bounds = (calls.AggregatorBounds is { } b ? TryBounds(results, b) : null) ?? TryBounds(results, calls.FeedBounds);

            var issues = new List<string>();
            if (answer <= 0) issues.Add($"invalid answer {answer} (≤ 0)");
            else if (bounds is { } bound && PinnedAt(answer, bound.Min, bound.Max) is { } pinned) issues.Add(pinned);
            if (blockTime > staleAfter) issues.Add($"stale: updated {Ago(blockTime - updatedAt)} before the block, heartbeat {feed.HeartbeatSeconds} s");
            var price = answer > 0 ? TokenAmount.ToUnits(answer, decimals) : 0;
            var issue = issues.Count == 0 ? null : string.Join("; ", issues);
            quotes[feed.Underlying] = new FeedQuote(new PriceQuote(feed.Underlying, price, updatedAt, issue), feed.HeartbeatSeconds, staleAfter);
        }
        return (quotes, errors);
    }

    /// <summary>
    /// The issue when <paramref name="answer"/> sits at (within <see cref="PinnedTolerance"/> of) or beyond a bound;
    /// null when it is clear of both or the bounds make no sense (min ≥ max).
    /// </summary>
    public static string? PinnedAt(BigInteger answer, BigInteger min, BigInteger max)
    {
        if (min >= max) return null;
        if (answer <= min || Near(answer, min))
            return $"pinned at the feed's minimum: answer {answer}, minAnswer {min}; the market may be lower";
        if (answer >= max || Near(answer, max))
            return $"pinned at the feed's maximum: answer {answer}, maxAnswer {max}; the market may be higher";
        return null;
    }

    // |answer − bound| ≤ 0.1% of |bound|, in integers: 1000·|answer − bound| ≤ |bound|.
    private static bool Near(BigInteger answer, BigInteger bound) =>
        BigInteger.Abs(answer - bound) * (BigInteger)(1 / PinnedTolerance) <= BigInteger.Abs(bound);

    private static (BigInteger Min, BigInteger Max)? TryBounds(IReadOnlyList<CallOutcome> results, (int Min, int Max) calls) =>
        results[calls.Min].TryDecode<AnswerBoundOutput>(out var min, out _) && results[calls.Max].TryDecode<AnswerBoundOutput>(out var max, out _)
            ? (min.Bound, max.Bound)
            : null;

    private static string Ago(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h" : span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0} min" : $"{span.TotalSeconds:0} s";

    private sealed record FeedCalls(PriceFeedProfile Feed, Address Address, int Round, int Decimals, int Aggregator, (int Min, int Max) FeedBounds, (int Min, int Max)? AggregatorBounds);
}

/// <summary>A price with the feed facts needed to judge its age later.</summary>
public sealed record FeedQuote(PriceQuote Quote, int HeartbeatSeconds, DateTimeOffset StaleAfter);

/// <summary>
/// The aggregator behind each Chainlink proxy, as last reported by <c>aggregator()</c>, per chain id and feed: lets
/// <see cref="ChainlinkPriceAdapter"/> read the aggregator's bounds in the same multicall as the price.
/// </summary>
public sealed class ChainlinkAggregatorCache
{
    /// <summary>The process-wide cache the adapter uses by default.</summary>
    public static ChainlinkAggregatorCache Shared { get; } = new();

    private readonly ConcurrentDictionary<(ulong ChainId, Address Feed), Address> _aggregators = new();

    public bool TryGet(ulong chainId, Address feed, out Address aggregator) => _aggregators.TryGetValue((chainId, feed), out aggregator);

    private long _version;

    /// <summary>Changes whenever an entry changes (not when one is set to the value it has): a plan made at the same version is still right.</summary>
    public long Version => Interlocked.Read(ref _version);

    public void Set(ulong chainId, Address feed, Address aggregator)
    {
        if (_aggregators.TryGetValue((chainId, feed), out var known) && known == aggregator) return;
        _aggregators[(chainId, feed)] = aggregator;
        Interlocked.Increment(ref _version);
    }
}
