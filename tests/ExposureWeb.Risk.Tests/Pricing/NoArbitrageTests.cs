using ExposureWeb.Risk.Pricing;
using ExposureWeb.Risk.Tests.Support;

namespace ExposureWeb.Risk.Tests.Pricing;

/// <summary>Model-free relations over thousands of random options (seeded, so failures reproduce).</summary>
public class NoArbitrageTests
{
    private const int Count = 4000;

    [Fact]
    public void Price_RandomOptions_PutCallParityHoldsTo1e12OfNotional()
    {
        // C − P = S·e^{−qT} − K·e^{−rT}; both sides are O(S + K), so the tolerance scales with that.
        foreach (var o in RandomOptions.Generate(Count, seed: 1))
        {
            double call = BlackScholes.Price(o with { Right = OptionRight.Call });
            double put = BlackScholes.Price(o with { Right = OptionRight.Put });
            double forward = o.Spot * Math.Exp(-o.Carry * o.Years) - o.Strike * Math.Exp(-o.Rate * o.Years);
            Tolerance.AssertClose(forward, call - put, 0, 1e-12 * (o.Spot + o.Strike), $"parity {o}");
        }
    }

    [Fact]
    public void Evaluate_RandomOptions_StaysWithinStaticBounds()
    {
        // max(ω(S e^{−qT} − K e^{−rT}), 0) ≤ V ≤ S e^{−qT} (call) or K e^{−rT} (put); 0 ≤ ωΔ ≤ e^{−qT}; Γ, vega ≥ 0.
        foreach (var o in RandomOptions.Generate(Count, seed: 2))
        {
            var v = BlackScholes.Evaluate(o);
            double sdq = o.Spot * Math.Exp(-o.Carry * o.Years), kdr = o.Strike * Math.Exp(-o.Rate * o.Years);
            double omega = o.Right == OptionRight.Call ? 1 : -1;
            double slack = 1e-12 * (o.Spot + o.Strike);
            Assert.InRange(v.Price, Math.Max(omega * (sdq - kdr), 0) - slack, (omega > 0 ? sdq : kdr) + slack);
            Assert.InRange(omega * v.Greeks.Delta, 0, Math.Exp(-o.Carry * o.Years) * (1 + 1e-15));
            Assert.True(v.Greeks.Gamma >= 0, $"gamma {v.Greeks.Gamma} for {o}");
            Assert.True(v.Greeks.Vega >= 0, $"vega {v.Greeks.Vega} for {o}");
        }
    }

    [Fact]
    public void Price_RandomOptions_MonotoneAndConvexInStrike()
    {
        // Calls fall and puts rise with the strike; both are convex in it (butterflies cost ≥ 0).
        foreach (var o in RandomOptions.Generate(1000, seed: 3))
        {
            double h = o.Strike * 1e-3;
            double lo = BlackScholes.Price(o with { Strike = o.Strike - h });
            double mid = BlackScholes.Price(o);
            double hi = BlackScholes.Price(o with { Strike = o.Strike + h });
            double slack = 1e-12 * (o.Spot + o.Strike);
            if (o.Right == OptionRight.Call) Assert.True(lo >= mid - slack && mid >= hi - slack, $"call not decreasing in K: {o}");
            else Assert.True(lo <= mid + slack && mid <= hi + slack, $"put not increasing in K: {o}");
            Assert.True(lo + hi - 2 * mid >= -slack, $"not convex in K: {o}");
        }
    }
}
