namespace Ifcb.Quantification;

/// <summary>
/// Solves the adjusted-count system as QuaPy does: find the class prevalences <c>p</c> on the simplex (non-negative,
/// summing to one) that minimise <c>|| R^T p - q ||^2</c>, where row i of <c>R</c> says how items of true class i
/// are seen (confusion rates or mean probabilities) and <c>q</c> is what the bin shows. Unlike a clipped inverse,
/// the answer is the best consistent mix even when the matrix is singular or the observation lies outside what the
/// matrix can produce. Accelerated projected gradient (FISTA with restarts) with an exact projection onto the
/// simplex (Duchi et al. 2008): no matrix inversion, so degenerate matrices cannot break it.
/// </summary>
public static class SimplexLeastSquares
{
    /// <summary>Iteration cap; well-conditioned systems converge in a few hundred.</summary>
    public const int MaxIterations = 20000;

    /// <summary>
    /// The prevalences for rates <paramref name="rates"/> (<c>[true][seen]</c>, C x C) and observation
    /// <paramref name="observed"/> (length C); <paramref name="start"/> warm-starts (e.g. from the point estimate
    /// in a bootstrap).
    /// </summary>
    public static double[] Solve(double[,] rates, ReadOnlySpan<double> observed, ReadOnlySpan<double> start = default, double tolerance = 1e-13)
    {
        ArgumentNullException.ThrowIfNull(rates);
        var c = observed.Length;
        if (rates.GetLength(0) != c || rates.GetLength(1) != c)
        {
            throw new ArgumentException($"rates must be {c} x {c}", nameof(rates));
        }

        // Normal equations: gradient of 0.5 |R^T p - q|^2 is G p - h with G = R R^T, h = R q.
        var g = new double[c, c];
        var h = new double[c];
        for (var i = 0; i < c; i++)
        {
            for (var k = 0; k < c; k++)
            {
                var sum = 0.0;
                for (var j = 0; j < c; j++)
                {
                    sum += rates[i, j] * rates[k, j];
                }

                g[i, k] = sum;
            }

            var hs = 0.0;
            for (var j = 0; j < c; j++)
            {
                hs += rates[i, j] * observed[j];
            }

            h[i] = hs;
        }

        var lipschitz = LargestEigenvalue(g);
        var p = new double[c];
        if (start.Length == c)
        {
            start.CopyTo(p);
            ProjectOntoSimplex(p);
        }
        else
        {
            Array.Fill(p, 1.0 / c);
        }

        if (!(lipschitz > 1e-300))
        {
            // A zero matrix: every mix explains the observation equally badly.
            return p;
        }

        var step = 1.0 / lipschitz;
        var y = (double[])p.Clone();
        var next = new double[c];
        var gradient = new double[c];
        var t = 1.0;
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            for (var i = 0; i < c; i++)
            {
                var sum = -h[i];
                for (var k = 0; k < c; k++)
                {
                    sum += g[i, k] * y[k];
                }

                gradient[i] = sum;
            }

            for (var i = 0; i < c; i++)
            {
                next[i] = y[i] - (step * gradient[i]);
            }

            ProjectOntoSimplex(next);
            var change = 0.0;
            var restart = 0.0;
            for (var i = 0; i < c; i++)
            {
                change = Math.Max(change, Math.Abs(next[i] - p[i]));
                restart += (y[i] - next[i]) * (next[i] - p[i]);
            }

            // Restart the momentum when it points uphill (O'Donoghue & Candes 2015): linear convergence again.
            var tNext = restart > 0 ? 1.0 : (1 + Math.Sqrt(1 + (4 * t * t))) / 2;
            var beta = restart > 0 ? 0.0 : (t - 1) / tNext;
            for (var i = 0; i < c; i++)
            {
                y[i] = next[i] + (beta * (next[i] - p[i]));
                p[i] = next[i];
            }

            t = tNext;
            if (change < tolerance)
            {
                break;
            }
        }

        return p;
    }

    /// <summary>Euclidean projection of <paramref name="v"/> onto the probability simplex, in place.</summary>
    public static void ProjectOntoSimplex(Span<double> v)
    {
        var n = v.Length;
        var sorted = v.ToArray();
        Array.Sort(sorted);
        var cumulative = 0.0;
        var theta = 0.0;
        for (var k = n - 1; k >= 0; k--)
        {
            cumulative += sorted[k];
            var candidate = (cumulative - 1) / (n - k);
            if (k == 0 || sorted[k - 1] <= candidate)
            {
                theta = candidate;
                break;
            }
        }

        for (var i = 0; i < n; i++)
        {
            v[i] = Math.Max(0, v[i] - theta);
        }
    }

    // Power iteration on a symmetric positive semi-definite matrix; a small over-estimate keeps the step safe.
    private static double LargestEigenvalue(double[,] g)
    {
        var c = g.GetLength(0);
        var v = new double[c];
        for (var i = 0; i < c; i++)
        {
            v[i] = 1.0 + (0.01 * i);
        }

        var lambda = 0.0;
        var w = new double[c];
        for (var iteration = 0; iteration < 200; iteration++)
        {
            var norm = 0.0;
            for (var i = 0; i < c; i++)
            {
                var sum = 0.0;
                for (var k = 0; k < c; k++)
                {
                    sum += g[i, k] * v[k];
                }

                w[i] = sum;
                norm += sum * sum;
            }

            norm = Math.Sqrt(norm);
            if (norm == 0)
            {
                return 0;
            }

            var previous = lambda;
            lambda = norm / Math.Sqrt(v.Sum(x => x * x));
            for (var i = 0; i < c; i++)
            {
                v[i] = w[i] / norm;
            }

            if (Math.Abs(lambda - previous) < 1e-9 * lambda)
            {
                break;
            }
        }

        return lambda * 1.01;
    }
}
