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

    /// <summary>Prices and the average sampling rate (samples per year) of one underlying; null with fewer than three samples.</summary>
    public (double[] Prices, double PeriodsPerYear)? Of(string chain, string underlying)
    {
        if (!_series.TryGetValue((chain, underlying.ToUpperInvariant()), out var series)) return null;
        return series.Snapshot();
    }

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

        public (double[] Prices, double PeriodsPerYear)? Snapshot()
        {
            lock (_lock)
            {
                if (_points.Count < 3) return null;
                var first = _points.Peek().At;
                var last = _points.Last().At;
                var seconds = (last - first).TotalSeconds;
                if (seconds <= 0) return null;
                var perYear = (_points.Count - 1) / seconds * 365.0 * 24 * 3600;
                return (_points.Select(p => p.Price).ToArray(), perYear);
            }
        }
    }
}
