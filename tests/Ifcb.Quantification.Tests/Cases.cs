using Ifcb.Models;

namespace Ifcb.Quantification.Tests;

/// <summary>Small closed-form cases shared by the tests.</summary>
internal static class Cases
{
    /// <summary>Confusion counts of 100 validation items per class: rows true, columns predicted.</summary>
    public static readonly int[][] Confusion = [[80, 10, 10], [20, 70, 10], [5, 5, 90]];

    /// <summary>Estimates whose confusion is <see cref="Confusion"/> and whose mean probability rows are <paramref name="mean"/> (default: the rates).</summary>
    public static QuantificationEstimates Estimates(int[][]? confusion = null, double[][]? mean = null, double[]? variance = null)
    {
        confusion ??= Confusion;
        var support = confusion.Select(r => r.Sum()).ToArray();
        return new QuantificationEstimates
        {
            Source = "test",
            Support = support,
            Confusion = confusion,
            MeanProbability = mean is not null ? mean : [.. confusion.Select((r, i) => (IReadOnlyList<double>)[.. r.Select(v => support[i] == 0 ? 0 : v / (double)support[i])])],
            ProbabilityVariance = variance ?? new double[confusion.Length],
        };
    }

    /// <summary>One-hot score rows: <paramref name="winners"/>[c] rows won by class c.</summary>
    public static float[] OneHot(params int[] winners)
    {
        var c = winners.Length;
        var rows = new List<float>();
        for (var cls = 0; cls < c; cls++)
        {
            for (var k = 0; k < winners[cls]; k++)
            {
                for (var j = 0; j < c; j++)
                {
                    rows.Add(j == cls ? 0.9f : 0.1f / (c - 1));
                }
            }
        }

        return [.. rows];
    }

    /// <summary>A matrix from rows.</summary>
    public static double[,] Matrix(double[][] rows)
    {
        var m = new double[rows.Length, rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            for (var j = 0; j < rows.Length; j++)
            {
                m[i, j] = rows[i][j];
            }
        }

        return m;
    }

    /// <summary>R^T p.</summary>
    public static double[] Apply(double[,] rates, double[] p)
    {
        var c = p.Length;
        var q = new double[c];
        for (var i = 0; i < c; i++)
        {
            for (var j = 0; j < c; j++)
            {
                q[j] += rates[i, j] * p[i];
            }
        }

        return q;
    }
}
