using Ifcb.Models;

namespace Ifcb.Quantification;

/// <summary>Computes <see cref="QuantificationEstimates"/> from labelled items and their probabilities.</summary>
public static class EstimatesBuilder
{
    /// <summary>
    /// The estimates for <paramref name="trueClasses"/> (one per item) and <paramref name="scores"/> (row-major
    /// items x <paramref name="classCount"/>, the probabilities classify will produce: temperature-scaled).
    /// </summary>
    public static QuantificationEstimates Build(ReadOnlySpan<int> trueClasses, ReadOnlySpan<float> scores, int classCount, string source)
    {
        if (scores.Length != trueClasses.Length * classCount)
        {
            throw new ArgumentException($"{trueClasses.Length} items need {trueClasses.Length * classCount} scores, not {scores.Length}", nameof(scores));
        }

        var support = new int[classCount];
        var confusion = new int[classCount][];
        var sums = new double[classCount][];
        var squares = new double[classCount][];
        var products = new double[classCount][];
        for (var i = 0; i < classCount; i++)
        {
            confusion[i] = new int[classCount];
            sums[i] = new double[classCount];
            squares[i] = new double[classCount];
            products[i] = new double[classCount * classCount];
        }

        for (var k = 0; k < trueClasses.Length; k++)
        {
            var t = trueClasses[k];
            if ((uint)t >= (uint)classCount)
            {
                throw new ArgumentException($"item {k}: true class {t} is outside 0..{classCount - 1}", nameof(trueClasses));
            }

            var row = scores.Slice(k * classCount, classCount);
            support[t]++;
            confusion[t][ArgMax(row)]++;
            for (var j = 0; j < classCount; j++)
            {
                sums[t][j] += row[j];
                squares[t][j] += (double)row[j] * row[j];
                for (var l = 0; l < classCount; l++)
                {
                    products[t][(j * classCount) + l] += (double)row[j] * row[l];
                }
            }
        }

        var mean = new IReadOnlyList<double>[classCount];
        var variance = new double[classCount];
        var covariance = new IReadOnlyList<double>[classCount];
        for (var i = 0; i < classCount; i++)
        {
            var n = support[i];
            var m = new double[classCount];
            var v = 0.0;
            for (var j = 0; j < classCount; j++)
            {
                m[j] = n > 0 ? sums[i][j] / n : 0;
                v += n > 0 ? Math.Max(0, (squares[i][j] / n) - (m[j] * m[j])) : 0;
            }

            var cov = new double[classCount * classCount];
            for (var j = 0; n > 0 && j < classCount; j++)
            {
                for (var l = 0; l < classCount; l++)
                {
                    cov[(j * classCount) + l] = (products[i][(j * classCount) + l] / n) - (m[j] * m[l]);
                }
            }

            mean[i] = m;
            variance[i] = v;
            covariance[i] = cov;
        }

        return new QuantificationEstimates
        {
            Source = source,
            Support = support,
            Confusion = confusion,
            MeanProbability = mean,
            ProbabilityVariance = variance,
            ProbabilityCovariance = covariance,
        };
    }

    /// <summary>The arg-max with ties to the lowest index (as classify's summary counts winners).</summary>
    public static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var j = 1; j < row.Length; j++)
        {
            if (row[j] > row[best])
            {
                best = j;
            }
        }

        return best;
    }
}
