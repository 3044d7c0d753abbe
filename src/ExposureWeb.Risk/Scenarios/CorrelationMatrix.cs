using ExposureWeb.Risk.Numerics;

namespace ExposureWeb.Risk.Scenarios;

/// <summary>
/// Correlations of the log returns of named underlyings: symmetric, unit diagonal, every |ρ| ≤ 1 (checked on
/// construction). Positive semi-definiteness is checked where it matters — by <see cref="Cholesky"/> — and restored by
/// <see cref="RepairToPositiveSemiDefinite"/>.
/// </summary>
public sealed class CorrelationMatrix
{
    /// <summary>How far from exact symmetry and a unit diagonal a matrix read from configuration may be.</summary>
    public const double Tolerance = 1e-9;

    /// <summary>Eigenvalues this close below the floor are rounding, not a violation.</summary>
    private const double RoundingTolerance = 1e-12;

    private readonly double[,] _values;
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates and validates a matrix.</summary>
    /// <param name="underlyings">Row and column names, distinct (case-insensitive).</param>
    /// <param name="values">n×n correlations, row i and column i for <paramref name="underlyings"/>[i].</param>
    /// <exception cref="ArgumentException">Dimensions do not match the names, a name repeats, or the matrix is not symmetric with a unit diagonal and |ρ| ≤ 1 (the message names the cell).</exception>
    public CorrelationMatrix(IReadOnlyList<string> underlyings, double[,] values)
    {
        ArgumentNullException.ThrowIfNull(underlyings);
        ArgumentNullException.ThrowIfNull(values);
        int n = underlyings.Count;
        if (n == 0) throw new ArgumentException("a correlation matrix needs at least one underlying.", nameof(underlyings));
        if (values.GetLength(0) != n || values.GetLength(1) != n)
        {
            throw new ArgumentException($"the correlation matrix is {values.GetLength(0)}×{values.GetLength(1)} but names {n} underlyings.", nameof(values));
        }
        _index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < n; i++)
        {
            if (string.IsNullOrWhiteSpace(underlyings[i])) throw new ArgumentException($"underlying {i} has no name.", nameof(underlyings));
            if (!_index.TryAdd(underlyings[i], i)) throw new ArgumentException($"{underlyings[i]} appears twice in the correlation matrix.", nameof(underlyings));
        }
        for (int i = 0; i < n; i++)
        {
            if (!(Math.Abs(values[i, i] - 1) <= Tolerance)) throw new ArgumentException($"the diagonal must be 1: ρ({underlyings[i]}, {underlyings[i]}) = {values[i, i]}.", nameof(values));
            for (int j = 0; j < n; j++)
            {
                double r = values[i, j];
                if (!(Math.Abs(r) <= 1 + Tolerance)) throw new ArgumentException($"|ρ| must be at most 1: ρ({underlyings[i]}, {underlyings[j]}) = {r}.", nameof(values));
                if (!(Math.Abs(r - values[j, i]) <= Tolerance))
                {
                    throw new ArgumentException($"the matrix must be symmetric: ρ({underlyings[i]}, {underlyings[j]}) = {r} but ρ({underlyings[j]}, {underlyings[i]}) = {values[j, i]}.", nameof(values));
                }
            }
        }
        Underlyings = [.. underlyings];
        _values = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) _values[i, j] = i == j ? 1 : Math.Clamp(0.5 * (values[i, j] + values[j, i]), -1, 1);
        }
    }

    /// <summary>Row and column names.</summary>
    public IReadOnlyList<string> Underlyings { get; }

    /// <summary>Number of underlyings.</summary>
    public int Count => Underlyings.Count;

    /// <summary>ρ between two underlyings by name.</summary>
    /// <exception cref="KeyNotFoundException">A name is not in the matrix.</exception>
    public double this[string a, string b] => _values[IndexOrThrow(a), IndexOrThrow(b)];

    /// <summary>ρ by position.</summary>
    public double this[int i, int j] => _values[i, j];

    /// <summary>True when the matrix has a row for <paramref name="underlying"/>.</summary>
    public bool Contains(string underlying) => _index.ContainsKey(underlying);

    /// <summary>A copy of the values.</summary>
    public double[,] ToArray() => (double[,])_values.Clone();

    /// <summary>The identity: independent underlyings.</summary>
    public static CorrelationMatrix Identity(IReadOnlyList<string> underlyings)
    {
        ArgumentNullException.ThrowIfNull(underlyings);
        var values = new double[underlyings.Count, underlyings.Count];
        for (int i = 0; i < underlyings.Count; i++) values[i, i] = 1;
        return new CorrelationMatrix(underlyings, values);
    }

    /// <summary>The sub-matrix of <paramref name="underlyings"/>, in that order.</summary>
    /// <exception cref="ArgumentException">An underlying has no row in this matrix.</exception>
    public CorrelationMatrix Subset(IReadOnlyList<string> underlyings)
    {
        ArgumentNullException.ThrowIfNull(underlyings);
        var missing = underlyings.Where(u => !Contains(u)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"the correlation matrix has no row for {string.Join(", ", missing)} (it covers {string.Join(", ", Underlyings)}).", nameof(underlyings));
        }
        int n = underlyings.Count;
        var values = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) values[i, j] = _values[_index[underlyings[i]], _index[underlyings[j]]];
        }
        return new CorrelationMatrix(underlyings, values);
    }

    /// <summary>Lower-triangular Cholesky factor L (L·Lᵀ = ρ); zero columns for directions without variance.</summary>
    /// <exception cref="ArgumentException">The matrix is not positive semi-definite (repair it first).</exception>
    public double[,] Cholesky() => SymmetricMatrix.Cholesky(_values);

    /// <summary>Smallest eigenvalue (negative: not a valid correlation matrix of any joint distribution).</summary>
    public double MinEigenvalue() => SymmetricMatrix.Eigen(_values).Values[0];

    /// <summary>
    /// A positive semi-definite matrix close to this one, by eigenvalue clipping: ρ = V·diag(λ)·Vᵀ, negative λ set to
    /// <paramref name="floor"/>, the product rebuilt and rescaled to a unit diagonal (Cᵢⱼ / √(Cᵢᵢ·Cⱼⱼ)). The rescaling
    /// keeps it positive semi-definite (a congruence by a positive diagonal). This is the common "clip" repair, not
    /// Higham's nearest correlation matrix in the Frobenius norm (which needs alternating projections); for the small
    /// violations that pairwise estimates on unevenly overlapping histories produce the two are close.
    /// </summary>
    /// <param name="floor">Smallest eigenvalue kept, ≥ 0 (a small positive floor makes the result strictly positive definite).</param>
    /// <returns>The repaired matrix, whether anything was changed, and the smallest eigenvalue before repair.</returns>
    public (CorrelationMatrix Matrix, bool Repaired, double MinEigenvalueBefore) RepairToPositiveSemiDefinite(double floor = 0)
    {
        if (!(floor >= 0 && floor < 1)) throw new ArgumentOutOfRangeException(nameof(floor), floor, "the eigenvalue floor must be in [0, 1).");
        var (lambda, v) = SymmetricMatrix.Eigen(_values);
        // Rounding leaves eigenvalues of ~−1e-16 on exactly singular matrices (ρ = 1): those are not repaired.
        if (lambda[0] >= floor - RoundingTolerance) return (this, false, lambda[0]);
        int n = Count;
        var c = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int k = 0; k < n; k++) sum += v[i, k] * Math.Max(lambda[k], floor) * v[j, k];
                c[i, j] = sum;
            }
        }
        var d = new double[n];
        for (int i = 0; i < n; i++) d[i] = Math.Sqrt(c[i, i]);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) c[i, j] = i == j ? 1 : c[i, j] / (d[i] * d[j]);
        }
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++) c[i, j] = c[j, i]; // exact symmetry after rounding
        }
        return (new CorrelationMatrix(Underlyings, c), true, lambda[0]);
    }

    private int IndexOrThrow(string underlying) =>
        _index.TryGetValue(underlying, out int i) ? i : throw new KeyNotFoundException($"the correlation matrix has no row for {underlying}.");
}
