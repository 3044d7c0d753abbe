using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static ExposureWeb.Risk.Numerics.NormalDistribution;

namespace ExposureWeb.Risk.Numerics;

/// <summary>
/// <see cref="NormalDistribution"/> four lanes at a time: the same operations in the same order, so a lane
/// agrees with the scalar result to the accuracy of <see cref="Vector256.Exp(Vector256{double})"/> versus
/// <see cref="Math.Exp"/> (an ulp or two). Intervals no lane needs are skipped.
/// </summary>
internal static class VectorNormal
{
    /// <summary>Φ(x), Φ(−x) and exp(−x²/2) per lane. Lanes must not be NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CdfBoth(Vector256<double> x, out Vector256<double> lower, out Vector256<double> upper, out Vector256<double> expMinusHalfSquare)
    {
        var y = Vector256.Abs(x);
        var half = Vector256.Create(0.5);
        var one = Vector256<double>.One;

        var h = x * x;
        var l = Vector256.FusedMultiplyAdd(x, x, -h);
        var ex = Vector256.Exp(-half * h);
        var e = Vector256.FusedMultiplyAdd(-half * l, ex, ex);
        e = Vector256.ConditionalSelect(Vector256.LessThan(y, Vector256.Create(ExpUnderflowBound)), e, Vector256<double>.Zero);
        expMinusHalfSquare = e;

        var inner = Vector256.LessThanOrEqual(y, Vector256.Create(InnerBound));
        var far = Vector256.GreaterThan(y, Vector256.Create(MiddleBound));

        Vector256<double> num = Vector256<double>.Zero, den = one;
        if (inner != Vector256<double>.Zero)
        {
            var xsq = h;
            num = x * Fma(Fma(Fma(Fma(Vector256.Create(A4), xsq, A0), xsq, A1), xsq, A2), xsq, A3);
            den = Fma(Fma(Fma(xsq + Vector256.Create(B0), xsq, B1), xsq, B2), xsq, B3);
        }
        if ((inner | far) != Vector256<double>.AllBitsSet)
        {
            var mn = Fma(Fma(Fma(Fma(Fma(Fma(Fma(Fma(Vector256.Create(C8), y, C0), y, C1), y, C2), y, C3), y, C4), y, C5), y, C6), y, C7);
            var md = Fma(Fma(Fma(Fma(Fma(Fma(Fma(y + Vector256.Create(D0), y, D1), y, D2), y, D3), y, D4), y, D5), y, D6), y, D7);
            num = Vector256.ConditionalSelect(inner, num, mn);
            den = Vector256.ConditionalSelect(inner, den, md);
        }
        var ratio = num / den;
        if (far != Vector256<double>.Zero)
        {
            var z = one / (y * y);
            var fn = Fma(Fma(Fma(Fma(Fma(Vector256.Create(P5), z, P0), z, P1), z, P2), z, P3), z, P4);
            var fd = Fma(Fma(Fma(Fma(z + Vector256.Create(Q0), z, Q1), z, Q2), z, Q3), z, Q4);
            var r = z * fn / fd;
            ratio = Vector256.ConditionalSelect(far, (Vector256.Create(InvSqrt2Pi) - r) / y, ratio);
        }

        var tail = e * ratio;
        var positive = Vector256.GreaterThan(x, Vector256<double>.Zero);
        var tailLower = Vector256.ConditionalSelect(positive, one - tail, tail);
        var tailUpper = Vector256.ConditionalSelect(positive, tail, one - tail);
        lower = Vector256.ConditionalSelect(inner, half + ratio, tailLower);
        upper = Vector256.ConditionalSelect(inner, half - ratio, tailUpper);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, double c) =>
        Vector256.FusedMultiplyAdd(a, b, Vector256.Create(c));
}
