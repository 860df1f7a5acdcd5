namespace Ifcb.Quantification.Tests;

public sealed class SimplexLeastSquaresTests
{
    private static readonly double[][] Rates = [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.05, 0.05, 0.9]];

    [Theory]
    [InlineData(0.5, 0.3, 0.2)]
    [InlineData(0.7, 0.3, 0.0)]
    [InlineData(0.0, 1.0, 0.0)]
    [InlineData(0.01, 0.01, 0.98)]
    public void Recovers_the_true_prevalences_from_their_expected_observation(double a, double b, double c)
    {
        var rates = Cases.Matrix(Rates);
        double[] truth = [a, b, c];

        var p = SimplexLeastSquares.Solve(rates, Cases.Apply(rates, truth));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(truth[i], p[i], 9);
        }
    }

    [Fact]
    public void An_observation_outside_the_matrix_reach_gets_the_nearest_mix_not_a_clipped_inverse()
    {
        // No class is ever seen as 1 less than 5% of the time: an observation without any 1 has no exact non-negative answer.
        var rates = Cases.Matrix(Rates);
        double[] q = [0.3, 0.0, 0.7];

        var p = SimplexLeastSquares.Solve(rates, q);

        Assert.All(p, v => Assert.True(v >= 0));
        Assert.Equal(1.0, p.Sum(), 12);

        // The naive inverse (clipped, renormalised) is a worse fit than the constrained optimum.
        var naive = NaiveClippedInverse(Rates, q);
        Assert.True(Residual(rates, p, q) < Residual(rates, naive, q) - 1e-6);

        // Optimality on the simplex: no vertex direction lowers the residual.
        for (var v = 0; v < 3; v++)
        {
            var moved = p.Select((x, i) => (0.999 * x) + (i == v ? 0.001 : 0)).ToArray();
            Assert.True(Residual(rates, moved, q) >= Residual(rates, p, q) - 1e-12);
        }
    }

    [Fact]
    public void Two_indistinguishable_classes_share_their_total_and_the_rest_is_exact()
    {
        // Classes 0 and 1 look identical to the classifier: the matrix is singular.
        double[][] rows = [[0.45, 0.45, 0.1], [0.45, 0.45, 0.1], [0.05, 0.05, 0.9]];
        var rates = Cases.Matrix(rows);
        double[] truth = [0.5, 0.2, 0.3];

        var p = SimplexLeastSquares.Solve(rates, Cases.Apply(rates, truth));

        Assert.All(p, v => Assert.True(v >= 0 && !double.IsNaN(v)));
        Assert.Equal(0.7, p[0] + p[1], 9);
        Assert.Equal(0.3, p[2], 9);
    }

    [Fact]
    public void A_zero_matrix_gives_a_valid_mix()
    {
        var p = SimplexLeastSquares.Solve(new double[3, 3], [0.2, 0.3, 0.5]);

        Assert.Equal(1.0, p.Sum(), 12);
        Assert.All(p, v => Assert.True(v >= 0));
    }

    [Fact]
    public void A_classifier_that_calls_everything_one_class_cannot_tell_classes_apart()
    {
        // Every row is the same: any mix explains the observation; the answer is still on the simplex.
        double[][] rows = [[1, 0, 0], [1, 0, 0], [1, 0, 0]];

        var p = SimplexLeastSquares.Solve(Cases.Matrix(rows), [1, 0, 0]);

        Assert.Equal(1.0, p.Sum(), 12);
        Assert.All(p, v => Assert.True(v >= 0));
    }

    [Fact]
    public void Projection_onto_the_simplex_matches_hand_values()
    {
        double[] v = [0.5, 0.5, 0.5];
        SimplexLeastSquares.ProjectOntoSimplex(v);
        Assert.All(v, x => Assert.Equal(1.0 / 3, x, 12));

        double[] w = [2, 0, -1];
        SimplexLeastSquares.ProjectOntoSimplex(w);
        Assert.Equal([1.0, 0, 0], w);

        double[] u = [0.6, 0.6, -5];
        SimplexLeastSquares.ProjectOntoSimplex(u);
        Assert.Equal(0.5, u[0], 12);
        Assert.Equal(0.5, u[1], 12);
        Assert.Equal(0.0, u[2]);
    }

    private static double Residual(double[,] rates, double[] p, double[] q)
        => Cases.Apply(rates, p).Zip(q, (a, b) => (a - b) * (a - b)).Sum();

    // Solves R^T p = q by Gaussian elimination, clips negatives and renormalises: what the issue rules out.
    private static double[] NaiveClippedInverse(double[][] rows, double[] q)
    {
        var n = q.Length;
        var a = new double[n, n + 1];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                a[i, j] = rows[j][i];
            }

            a[i, n] = q[i];
        }

        for (var col = 0; col < n; col++)
        {
            for (var r = col + 1; r < n; r++)
            {
                var f = a[r, col] / a[col, col];
                for (var k = col; k <= n; k++)
                {
                    a[r, k] -= f * a[col, k];
                }
            }
        }

        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var s = a[i, n];
            for (var k = i + 1; k < n; k++)
            {
                s -= a[i, k] * x[k];
            }

            x[i] = s / a[i, i];
        }

        Assert.Contains(x, v => v < 0);
        var clipped = x.Select(v => Math.Max(0, v)).ToArray();
        var total = clipped.Sum();
        return [.. clipped.Select(v => v / total)];
    }
}
