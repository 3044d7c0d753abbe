namespace ExposureWeb.Risk.Numerics;

/// <summary>
/// The few dense linear-algebra routines the scenario engine needs on small symmetric matrices (one row per
/// underlying, so n is tens at most): Cholesky factorisation of a positive semi-definite matrix and the symmetric
/// eigen-decomposition by cyclic Jacobi rotations. Kept here, dependency-free, rather than pulling a numerics package
/// into the pure-maths project for two O(n³) loops.
/// </summary>
public static class SymmetricMatrix
{
    /// <summary>Default tolerance below which a Cholesky pivot counts as zero (a singular but valid direction).</summary>
    public const double DefaultPivotTolerance = 1e-10;

    /// <summary>
    /// Lower-triangular L with L·Lᵀ = <paramref name="a"/> for a symmetric positive semi-definite matrix. A pivot within
    /// <paramref name="tolerance"/> of zero (a direction with no variance, e.g. two assets with ρ = 1) gives a zero column
    /// instead of a division by zero, so perfectly correlated assets are still simulated.
    /// </summary>
    /// <exception cref="ArgumentException">The matrix is not square, or not positive semi-definite (a pivot below −tolerance).</exception>
    public static double[,] Cholesky(double[,] a, double tolerance = DefaultPivotTolerance)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = a.GetLength(0);
        if (a.GetLength(1) != n) throw new ArgumentException($"Cholesky needs a square matrix (got {n}×{a.GetLength(1)}).", nameof(a));
        var l = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            double pivot = a[j, j];
            for (int k = 0; k < j; k++) pivot -= l[j, k] * l[j, k];
            if (pivot < -tolerance)
            {
                throw new ArgumentException(
                    $"the matrix is not positive semi-definite (pivot {pivot:G4} at row {j}); repair it first (CorrelationMatrix.RepairToPositiveSemiDefinite).", nameof(a));
            }
            if (pivot <= tolerance)
            {
                continue; // column j stays zero: row j is a combination of the rows before it
            }
            double d = Math.Sqrt(pivot);
            l[j, j] = d;
            for (int i = j + 1; i < n; i++)
            {
                double sum = a[i, j];
                for (int k = 0; k < j; k++) sum -= l[i, k] * l[j, k];
                l[i, j] = sum / d;
            }
        }
        return l;
    }

    /// <summary>
    /// Eigenvalues and eigenvectors of a symmetric matrix by cyclic Jacobi rotations: A = V·diag(λ)·Vᵀ, columns of V the
    /// eigenvectors, eigenvalues in ascending order. Accurate to a few ulps of the largest eigenvalue.
    /// </summary>
    /// <exception cref="ArgumentException">Not square, or not symmetric (to 1e-12).</exception>
    public static (double[] Values, double[,] Vectors) Eigen(double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = a.GetLength(0);
        if (a.GetLength(1) != n) throw new ArgumentException($"eigen-decomposition needs a square matrix (got {n}×{a.GetLength(1)}).", nameof(a));
        var m = (double[,])a.Clone();
        var v = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            v[i, i] = 1;
            for (int j = 0; j < i; j++)
            {
                if (Math.Abs(m[i, j] - m[j, i]) > 1e-12) throw new ArgumentException($"the matrix is not symmetric at ({i}, {j}).", nameof(a));
            }
        }

        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, scale = 0;
            for (int i = 0; i < n; i++)
            {
                scale += m[i, i] * m[i, i];
                for (int j = i + 1; j < n; j++) off += m[i, j] * m[i, j];
            }
            if (off <= 1e-30 * Math.Max(scale, double.Epsilon)) break;
            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    double apq = m[p, q];
                    if (apq == 0) continue;
                    // The rotation angle that zeroes m[p, q] (Golub & Van Loan, the symmetric Schur decomposition).
                    double theta = (m[q, q] - m[p, p]) / (2 * apq);
                    double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double mkp = m[k, p], mkq = m[k, q];
                        m[k, p] = c * mkp - s * mkq;
                        m[k, q] = s * mkp + c * mkq;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double mpk = m[p, k], mqk = m[q, k];
                        m[p, k] = c * mpk - s * mqk;
                        m[q, k] = s * mpk + c * mqk;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = c * vkp - s * vkq;
                        v[k, q] = s * vkp + c * vkq;
                    }
                }
            }
        }

        var order = Enumerable.Range(0, n).OrderBy(i => m[i, i]).ToArray();
        var values = new double[n];
        var vectors = new double[n, n];
        for (int c = 0; c < n; c++)
        {
            values[c] = m[order[c], order[c]];
            for (int r = 0; r < n; r++) vectors[r, c] = v[r, order[c]];
        }
        return (values, vectors);
    }
}
