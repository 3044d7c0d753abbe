namespace ExposureWeb.Risk.Scenarios;

/// <summary>A price observed at a time.</summary>
/// <param name="Time">Observation time.</param>
/// <param name="PriceUsd">Price, USD per unit; positive and finite.</param>
public readonly record struct PricePoint(DateTimeOffset Time, double PriceUsd);

/// <summary>A correlation matrix estimated from price histories, with how it was obtained.</summary>
/// <param name="Matrix">The estimate, positive semi-definite (repaired when the sample one was not).</param>
/// <param name="Returns">Number of aligned log returns each correlation was computed from.</param>
/// <param name="Repaired">True when the Pearson matrix had a negative eigenvalue and was clipped.</param>
/// <param name="MinEigenvalueBefore">Smallest eigenvalue of the Pearson matrix before any repair.</param>
/// <param name="Notes">What was done, for the report (alignment, repair).</param>
public sealed record CorrelationEstimate(CorrelationMatrix Matrix, int Returns, bool Repaired, double MinEigenvalueBefore, IReadOnlyList<string> Notes);

/// <summary>
/// Pearson correlation of log returns from price histories. The histories are aligned on common timestamps: with a
/// <c>bucket</c>, each history is first reduced to its last price in every bucket of that length (oracle updates are
/// irregular and rarely share a timestamp across feeds); then only the times present in every history are kept, and a
/// return is ln(Pₜ / Pₜ₋₁) between consecutive kept times, so every return spans the same interval for every asset.
/// </summary>
public static class CorrelationEstimator
{
    /// <summary>Fewest aligned returns an estimate is made from.</summary>
    public const int MinReturns = 3;

    /// <summary>Estimates the correlation matrix of the given histories (names in the order given).</summary>
    /// <param name="histories">Price history per underlying, in any time order.</param>
    /// <param name="bucket">When set, the last price per bucket of this length (from the Unix epoch) is used; null: exact timestamps.</param>
    /// <exception cref="ArgumentException">Fewer than two histories, a bad price, fewer than <see cref="MinReturns"/> aligned returns, or a history that never moves on them (its correlation is undefined).</exception>
    public static CorrelationEstimate Estimate(IReadOnlyDictionary<string, IReadOnlyList<PricePoint>> histories, TimeSpan? bucket = null)
    {
        ArgumentNullException.ThrowIfNull(histories);
        if (histories.Count < 2) throw new ArgumentException($"a correlation needs at least two histories (got {histories.Count}).", nameof(histories));
        if (bucket is { } b && b <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "the bucket must be a positive length.");

        var names = histories.Keys.ToList();
        var sampled = new List<SortedDictionary<long, double>>(names.Count);
        foreach (var name in names)
        {
            var byTime = new SortedDictionary<long, double>();
            foreach (var point in histories[name].OrderBy(p => p.Time))
            {
                if (!(point.PriceUsd > 0) || !double.IsFinite(point.PriceUsd))
                {
                    throw new ArgumentException($"{name} has a price {point.PriceUsd} at {point.Time:O} that is not positive and finite.", nameof(histories));
                }
                long key = bucket is { } size ? Math.DivRem(point.Time.UtcTicks, size.Ticks, out _) : point.Time.UtcTicks;
                byTime[key] = point.PriceUsd; // ordered by time: the last price of a bucket wins
            }
            sampled.Add(byTime);
        }

        var common = sampled[0].Keys.Where(t => sampled.Skip(1).All(s => s.ContainsKey(t))).ToArray();
        int returns = common.Length - 1;
        if (returns < MinReturns)
        {
            throw new ArgumentException(
                $"the histories share {common.Length} timestamps{(bucket is null ? "" : $" at {bucket} buckets")}, giving {Math.Max(returns, 0)} aligned returns; at least {MinReturns} are needed (try a coarser bucket).",
                nameof(histories));
        }

        int n = names.Count;
        var r = new double[n][];
        for (int a = 0; a < n; a++)
        {
            r[a] = new double[returns];
            for (int t = 0; t < returns; t++) r[a][t] = Math.Log(sampled[a][common[t + 1]] / sampled[a][common[t]]);
        }

        var centred = new double[n][];
        var norm = new double[n];
        for (int a = 0; a < n; a++)
        {
            double mean = r[a].Average();
            centred[a] = r[a].Select(x => x - mean).ToArray();
            norm[a] = Math.Sqrt(centred[a].Sum(x => x * x));
            if (!(norm[a] > 0)) throw new ArgumentException($"{names[a]} does not move over the {returns} aligned returns: its correlation is undefined.", nameof(histories));
        }
        var rho = new double[n, n];
        for (int a = 0; a < n; a++)
        {
            rho[a, a] = 1;
            for (int c = a + 1; c < n; c++)
            {
                double dot = 0;
                for (int t = 0; t < returns; t++) dot += centred[a][t] * centred[c][t];
                rho[a, c] = rho[c, a] = Math.Clamp(dot / (norm[a] * norm[c]), -1, 1);
            }
        }

        var notes = new List<string>
        {
            $"Pearson correlation of {returns} log returns on timestamps common to all {n} histories{(bucket is null ? "" : $" (last price per {bucket} bucket)")}.",
        };
        var (matrix, repaired, minEigen) = new CorrelationMatrix(names, rho).RepairToPositiveSemiDefinite();
        if (repaired)
        {
            notes.Add($"The sample matrix was not positive semi-definite (smallest eigenvalue {minEigen:G4}); negative eigenvalues were clipped to 0 and the diagonal rescaled to 1.");
        }
        return new CorrelationEstimate(matrix, returns, repaired, minEigen, notes);
    }
}
