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
        for (var i = 0; i < classCount; i++)
        {
            confusion[i] = new int[classCount];
            sums[i] = new double[classCount];
            squares[i] = new double[classCount];
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
            }
        }

        var mean = new IReadOnlyList<double>[classCount];
        var variance = new double[classCount];
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

            mean[i] = m;
            variance[i] = v;
        }

        // The covariance over each true class's block (a second pass: the blocks follow the mean rows).
        var blocks = new int[classCount][];
        var products = new double[classCount][];
        for (var i = 0; i < classCount; i++)
        {
            blocks[i] = CovarianceBlockClasses(mean[i], i);
            products[i] = new double[blocks[i].Length * blocks[i].Length];
        }

        for (var k = 0; k < trueClasses.Length; k++)
        {
            var t = trueClasses[k];
            var row = scores.Slice(k * classCount, classCount);
            var block = blocks[t];
            var b = block.Length;
            for (var r = 0; r < b; r++)
            {
                for (var q = 0; q < b; q++)
                {
                    products[t][(r * b) + q] += (double)row[block[r]] * row[block[q]];
                }
            }
        }

        var covariance = new CovarianceBlock[classCount];
        for (var i = 0; i < classCount; i++)
        {
            var n = support[i];
            var m = mean[i];
            var block = blocks[i];
            var b = block.Length;
            var cov = new double[b * b];
            for (var r = 0; n > 0 && r < b; r++)
            {
                for (var q = 0; q < b; q++)
                {
                    cov[(r * b) + q] = (products[i][(r * b) + q] / n) - (m[block[r]] * m[block[q]]);
                }
            }

            covariance[i] = new CovarianceBlock { Classes = block, Values = cov };
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

    /// <summary>
    /// The classes of true class <paramref name="trueClass"/>'s covariance block: itself and the
    /// <see cref="QuantificationEstimates.CovarianceBlockSize"/> - 1 other classes with the largest mean probability
    /// in <paramref name="meanRow"/> (ties to the lower index), ascending; every class when there are no more than
    /// <see cref="QuantificationEstimates.CovarianceBlockSize"/>.
    /// </summary>
    public static int[] CovarianceBlockClasses(IReadOnlyList<double> meanRow, int trueClass)
    {
        ArgumentNullException.ThrowIfNull(meanRow);
        var c = meanRow.Count;
        if (c <= QuantificationEstimates.CovarianceBlockSize)
        {
            return [.. Enumerable.Range(0, c)];
        }

        var others = Enumerable.Range(0, c).Where(j => j != trueClass)
            .OrderByDescending(j => meanRow[j]).ThenBy(j => j)
            .Take(QuantificationEstimates.CovarianceBlockSize - 1);
        return [.. others.Append(trueClass).Order()];
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
