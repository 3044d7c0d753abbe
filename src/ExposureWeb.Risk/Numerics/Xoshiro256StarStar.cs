namespace ExposureWeb.Risk.Numerics;

/// <summary>
/// xoshiro256** (Blackman and Vigna, 2018), seeded by SplitMix64 from one 64-bit seed, with standard normal variates
/// by the Box-Muller transform. Written out here rather than using <see cref="Random"/> because .NET documents that a
/// seeded <see cref="Random"/> may change its sequence between versions; this one is fixed, so a stored seed reproduces
/// a Monte Carlo run exactly on any .NET version and machine (up to the last bits of <see cref="Math.Log(double)"/>,
/// <see cref="Math.Sin"/> and <see cref="Math.Cos"/>).
/// </summary>
public sealed class Xoshiro256StarStar
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spare;
    private bool _hasSpare;

    /// <summary>Seeds the four state words with four SplitMix64 outputs of <paramref name="seed"/> (never all zero).</summary>
    public Xoshiro256StarStar(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in (0, 1]: the top 53 bits, shifted by one ulp so that 0 never occurs (Box-Muller takes its log).</summary>
    public double NextOpenUniform() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>A standard normal variate. Box-Muller makes two from two uniforms; the second is kept for the next call.</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }
        double radius = Math.Sqrt(-2 * Math.Log(NextOpenUniform()));
        double angle = 2 * Math.PI * NextOpenUniform();
        _spare = radius * Math.Sin(angle);
        _hasSpare = true;
        return radius * Math.Cos(angle);
    }

    /// <summary>Fills <paramref name="destination"/> with standard normal variates.</summary>
    public void NextGaussians(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = NextGaussian();
    }

    internal static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
