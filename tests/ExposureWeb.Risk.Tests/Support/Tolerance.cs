namespace ExposureWeb.Risk.Tests.Support;

/// <summary>Relative tolerance with an absolute floor: |actual − expected| ≤ relative·|expected| + absolute.</summary>
internal static class Tolerance
{
    public static bool Within(double actual, double expected, double relative, double absolute) =>
        Math.Abs(actual - expected) <= relative * Math.Abs(expected) + absolute;

    public static void AssertClose(double expected, double actual, double relative, double absolute, string what)
    {
        if (!Within(actual, expected, relative, absolute))
        {
            Assert.Fail($"{what}: expected {expected:R}, got {actual:R} (diff {actual - expected:R}, allowed {relative * Math.Abs(expected) + absolute:R})");
        }
    }
}
