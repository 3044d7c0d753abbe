namespace ExposureWeb.Risk.Volatility;

/// <summary>
/// At-the-money volatility by term, interpolated linearly in total variance w(T) = σ(T)²·T — the interpolation
/// that keeps forward variances constant between pillars and never creates calendar arbitrage when w rises.
/// </summary>
/// <remarks>
/// Before the first pillar the first volatility applies (flat); beyond the last, the last volatility applies
/// (flat, i.e. w grows linearly). Pillars whose total variance decreases are rejected: such a curve implies a
/// negative forward variance.
/// </remarks>
public sealed class VolatilityTermStructure
{
    private readonly double[] _years;
    private readonly double[] _variance;
    private readonly double[] _vols;

    /// <summary>Builds the curve from (years, volatility) pillars in any order.</summary>
    /// <exception cref="ArgumentException">No pillars, a non-positive or repeated term, a negative or non-finite volatility, or decreasing total variance.</exception>
    public VolatilityTermStructure(IEnumerable<(double Years, double Volatility)> pillars)
    {
        ArgumentNullException.ThrowIfNull(pillars);
        var sorted = pillars.OrderBy(p => p.Years).ToArray();
        if (sorted.Length == 0) throw new ArgumentException("a term structure needs at least one pillar.", nameof(pillars));
        _years = new double[sorted.Length];
        _variance = new double[sorted.Length];
        _vols = new double[sorted.Length];
        for (int i = 0; i < sorted.Length; i++)
        {
            var (t, vol) = sorted[i];
            if (!(t > 0) || double.IsInfinity(t)) throw new ArgumentException($"pillar term must be positive and finite (was {t}).", nameof(pillars));
            if (!(vol >= 0) || double.IsInfinity(vol)) throw new ArgumentException($"pillar volatility at {t} years must be non-negative and finite (was {vol}).", nameof(pillars));
            if (i > 0 && t == _years[i - 1]) throw new ArgumentException($"two pillars at {t} years.", nameof(pillars));
            _years[i] = t;
            _vols[i] = vol;
            _variance[i] = vol * vol * t;
            if (i > 0 && _variance[i] < _variance[i - 1])
            {
                throw new ArgumentException(
                    $"total variance falls from {_variance[i - 1]:G4} at {_years[i - 1]} years to {_variance[i]:G4} at {t} years (calendar arbitrage).",
                    nameof(pillars));
            }
        }
    }

    /// <summary>One volatility for every term.</summary>
    public static VolatilityTermStructure Flat(double volatility) => new([(1.0, volatility)]);

    /// <summary>Number of pillars.</summary>
    public int Count => _years.Length;

    /// <summary>True when the curve has a single pillar (a flat volatility).</summary>
    public bool IsFlat => _years.Length == 1;

    /// <summary>Volatility per √year for an expiry <paramref name="years"/> from now (≥ 0).</summary>
    public double VolatilityAt(double years)
    {
        if (years <= _years[0]) return _vols[0];
        int last = _years.Length - 1;
        if (years >= _years[last]) return _vols[last];
        int hi = Array.BinarySearch(_years, years);
        if (hi >= 0) return _vols[hi];
        hi = ~hi;
        int lo = hi - 1;
        double weight = (years - _years[lo]) / (_years[hi] - _years[lo]);
        double w = _variance[lo] + weight * (_variance[hi] - _variance[lo]);
        return Math.Sqrt(w / years);
    }
}
