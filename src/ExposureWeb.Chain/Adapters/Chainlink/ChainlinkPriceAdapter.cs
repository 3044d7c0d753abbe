using System.Numerics;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Risk.Exposure;

namespace ExposureWeb.Chain.Adapters.Chainlink;

/// <summary>
/// USD prices from Chainlink-style feeds, read in the same batch as the positions. A non-positive
/// answer, or one older than the feed's heartbeat plus a margin at the block's time, is returned
/// with an <see cref="PriceQuote.Issue"/> and is never used silently.
/// </summary>
public sealed class ChainlinkPriceAdapter
{
    private readonly List<(PriceFeedProfile Feed, int Round, int Decimals)> _feeds = [];
    private readonly TimeSpan _staleMargin;

    public ChainlinkPriceAdapter(ChainProfile profile, MulticallBatch batch, TimeSpan staleMargin)
    {
        _staleMargin = staleMargin;
        foreach (var feed in profile.PriceFeeds)
        {
            var address = Address.Parse(feed.Address);
            _feeds.Add((feed, batch.Add(address, AggregatorV3.LatestRoundData.EncodeCall()), batch.Add(address, AggregatorV3.Decimals.EncodeCall())));
        }
    }

    /// <summary>A quote per feed that answered (issues included), and an error per feed that did not.</summary>
    public (IReadOnlyDictionary<string, FeedQuote> Quotes, IReadOnlyList<string> Errors) Read(IReadOnlyList<CallOutcome> results, DateTimeOffset blockTime)
    {
        var quotes = new Dictionary<string, FeedQuote>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        foreach (var (feed, roundIndex, decimalsIndex) in _feeds)
        {
            if (!results[roundIndex].TryDecode(AggregatorV3.LatestRoundData, out var values, out var error)
                || !results[decimalsIndex].TryDecode(AggregatorV3.Decimals, out var reported, out error))
            {
                errors.Add($"{feed.Underlying}/USD feed {feed.Address}: {error}");
                continue;
            }
            var decimals = (int)(BigInteger)reported[0];
            var answer = (BigInteger)values[1];
            var updatedAt = DateTimeOffset.FromUnixTimeSeconds((long)(BigInteger)values[3]);
            var staleAfter = updatedAt + TimeSpan.FromSeconds(feed.HeartbeatSeconds) + _staleMargin;
            string? issue = null;
            if (answer <= 0) issue = $"invalid answer {answer} (≤ 0)";
            else if (blockTime > staleAfter) issue = $"stale: updated {Ago(blockTime - updatedAt)} before the block, heartbeat {feed.HeartbeatSeconds} s";
            var price = answer > 0 ? TokenAmount.ToUnits(answer, decimals) : 0;
            quotes[feed.Underlying] = new FeedQuote(new PriceQuote(feed.Underlying, price, updatedAt, issue), feed.HeartbeatSeconds, staleAfter);
        }
        return (quotes, errors);
    }

    private static string Ago(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h" : span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0} min" : $"{span.TotalSeconds:0} s";
}

/// <summary>A price with the feed facts needed to judge its age later.</summary>
public sealed record FeedQuote(PriceQuote Quote, int HeartbeatSeconds, DateTimeOffset StaleAfter);
