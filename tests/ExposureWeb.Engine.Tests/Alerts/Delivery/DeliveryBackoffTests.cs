using ExposureWeb.Engine.Alerts.Delivery;

namespace ExposureWeb.Engine.Tests.Alerts.Delivery;

public class DeliveryBackoffTests
{
    private static DeliveryBackoff Backoff(int seed = 7) =>
        new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(600), new Random(seed));

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(9, 512)]
    [InlineData(10, 600)] // 1024 s capped
    [InlineData(100, 600)]
    [InlineData(int.MaxValue, 600)]
    public void Ceiling_Attempt_IsBaseTimesTwoToTheAttemptMinusOneCappedAtMax(int attempt, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Backoff().Ceiling(attempt));
    }

    [Fact]
    public void Delay_ManyDraws_StayWithinZeroAndCeiling()
    {
        var backoff = Backoff();
        for (var attempt = 1; attempt <= 12; attempt++)
        {
            for (var i = 0; i < 1000; i++)
            {
                var delay = backoff.Delay(attempt);
                Assert.InRange(delay, TimeSpan.Zero, backoff.Ceiling(attempt));
            }
        }
    }

    [Fact]
    public void Delay_ManyDraws_AreUniformOverTheWholeRange()
    {
        // Full jitter: uniform on [0, ceiling]. 20 000 draws into 10 bins: each holds 2 000 expected, standard deviation
        // about 42; ±250 is six of them. Mean 0.5 ± 0.01 of the ceiling (σ of the mean ≈ 0.002). Seeded, so deterministic.
        var backoff = Backoff(seed: 12345);
        var ceiling = backoff.Ceiling(6).TotalSeconds;
        var bins = new int[10];
        var sum = 0.0;
        const int draws = 20_000;
        for (var i = 0; i < draws; i++)
        {
            var fraction = backoff.Delay(6).TotalSeconds / ceiling;
            sum += fraction;
            bins[Math.Min(9, (int)(fraction * 10))]++;
        }

        Assert.All(bins, count => Assert.InRange(count, 1750, 2250));
        Assert.InRange(sum / draws, 0.49, 0.51);
    }

    [Fact]
    public void Delay_SameSeed_SameSequence()
    {
        var a = Backoff(seed: 3);
        var b = Backoff(seed: 3);

        Assert.Equal(Enumerable.Range(1, 8).Select(a.Delay), Enumerable.Range(1, 8).Select(b.Delay));
    }

    [Fact]
    public void Constructor_MaxBelowBase_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeliveryBackoff(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), new Random(1)));
    }
}

public class DeliveryRetryPolicyTests
{
    private static readonly DeliveryRetryPolicy Policy =
        new(maxAttempts: 3, new DeliveryBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60), new Random(1)));

    [Fact]
    public void Decide_Success_Delivered()
    {
        Assert.IsType<DeliveryDecision.Delivered>(Policy.Decide(1, DeliveryOutcome.Success(200, TimeSpan.Zero)));
    }

    [Fact]
    public void Decide_PermanentFailureOnFirstAttempt_DeadLetterAtOnce()
    {
        var decision = Policy.Decide(1, DeliveryOutcome.Permanent("webhook answered HTTP 404 Not Found", TimeSpan.Zero, 404));

        Assert.Contains("404", Assert.IsType<DeliveryDecision.DeadLetter>(decision).Reason);
    }

    [Fact]
    public void Decide_RetryableBelowLimit_RetryWithinBackoffCeiling()
    {
        var decision = Policy.Decide(2, DeliveryOutcome.Transient("HTTP 503", TimeSpan.Zero, 503));

        Assert.InRange(Assert.IsType<DeliveryDecision.Retry>(decision).Delay, TimeSpan.Zero, TimeSpan.FromSeconds(4));
    }

    [Fact]
    public void Decide_RetryableAtLimit_DeadLetterNamingTheLastError()
    {
        var decision = Policy.Decide(3, DeliveryOutcome.Transient("webhook answered HTTP 503 Service Unavailable", TimeSpan.Zero, 503));

        var reason = Assert.IsType<DeliveryDecision.DeadLetter>(decision).Reason;
        Assert.Contains("3 attempts", reason);
        Assert.Contains("503", reason);
    }

    [Fact]
    public void Decide_RetryAfterLongerThanBackoff_WaitsAtLeastRetryAfter()
    {
        var decision = Policy.Decide(1, DeliveryOutcome.Transient("HTTP 429", TimeSpan.Zero, 429, TimeSpan.FromSeconds(30)));

        Assert.Equal(TimeSpan.FromSeconds(30), Assert.IsType<DeliveryDecision.Retry>(decision).Delay);
    }

    [Fact]
    public void Decide_RetryAfterBeyondMaxDelay_CappedAtMaxDelay()
    {
        var decision = Policy.Decide(1, DeliveryOutcome.Transient("HTTP 503", TimeSpan.Zero, 503, TimeSpan.FromDays(2)));

        Assert.Equal(TimeSpan.FromSeconds(60), Assert.IsType<DeliveryDecision.Retry>(decision).Delay);
    }
}

public class DeliveryIdempotencyKeyTests
{
    [Fact]
    public void Create_Parts_RuleInstanceTransition()
    {
        Assert.Equal("42:portfolio-7:firing", DeliveryIdempotencyKey.Create("42", "portfolio-7", "firing"));
    }

    [Theory]
    [InlineData("", "i", "t")]
    [InlineData("r", "a:b", "t")]
    public void Create_EmptyPartOrSeparatorInside_Throws(string rule, string instance, string transition)
    {
        Assert.ThrowsAny<ArgumentException>(() => DeliveryIdempotencyKey.Create(rule, instance, transition));
    }
}
