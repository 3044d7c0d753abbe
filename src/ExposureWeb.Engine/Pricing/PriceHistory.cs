using System.Collections.Concurrent;

namespace ExposureWeb.Engine.Pricing;

/// <summary>
/// Oracle prices the engine has seen, per chain and underlying, oldest first: the input of EWMA
/// realised volatility. One sample per distinct oracle update (a block that did not move the
/// feed adds nothing), capped so memory stays flat.
/// </summary>
public sealed class PriceHistory
{
    public const int Capacity = 512;
    private readonly ConcurrentDictionary<(string Chain, string Underlying), Series> _series = new();

    public void Record(string chain, string underlying, DateTimeOffset updatedAt, double price)
    {
        if (!(price > 0) || !double.IsFinite(price)) return;
        _series.GetOrAdd((chain, underlying.ToUpperInvariant()), _ => new Series()).Add(updatedAt, price);
    }

    /// <summary>
    /// Prices of one underlying with the time of each (its oracle's update times, in years from the first); null with
    /// fewer than three samples. Feeds update on their own clocks (heartbeats differ by asset), so each series carries
    /// its own intervals.
    /// </summary>
    public Risk.Volatility.PriceSeries? Of(string chain, string underlying)
    {
        if (!_series.TryGetValue((chain, underlying.ToUpperInvariant()), out var series)) return null;
        return series.Snapshot();
    }

    /// <summary>The recorded prices of one underlying with their oracle update times, oldest first (empty when none).</summary>
    public IReadOnlyList<(DateTimeOffset At, double Price)> Points(string chain, string underlying) =>
        _series.TryGetValue((chain, underlying.ToUpperInvariant()), out var series) ? series.Points() : [];

    public IEnumerable<string> Underlyings(string chain) => _series.Keys.Where(k => k.Chain == chain).Select(k => k.Underlying);

    private sealed class Series
    {
        private readonly Lock _lock = new();
        private readonly Queue<(DateTimeOffset At, double Price)> _points = new();

        public void Add(DateTimeOffset at, double price)
        {
            lock (_lock)
            {
                if (_points.Count > 0 && _points.Last().At >= at) return; // the same oracle round again
                _points.Enqueue((at, price));
                if (_points.Count > Capacity) _points.Dequeue();
            }
        }

        public List<(DateTimeOffset At, double Price)> Points()
        {
            lock (_lock) return [.. _points];
        }

        public Risk.Volatility.PriceSeries? Snapshot()
        {
            lock (_lock)
            {
                if (_points.Count < 3) return null;
                var first = _points.Peek().At;
                return new Risk.Volatility.PriceSeries(
                    _points.Select(p => p.Price).ToArray(),
                    _points.Select(p => (p.At - first).TotalDays / Risk.MarketConventions.DaysPerYear).ToArray());
            }
        }
    }
}
