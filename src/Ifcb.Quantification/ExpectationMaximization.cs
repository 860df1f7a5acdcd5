namespace Ifcb.Quantification;

/// <summary>
/// Prior re-estimation by expectation-maximisation (Saerens, Latinne &amp; Decaestecker 2002), as QuaPy's EMQ does it:
/// scale each item's calibrated probabilities by (bin prior / training prior), renormalise, take the mean as the new
/// bin prior; stop when the mean absolute change is below 1e-4 after more than 10 iterations, or after 1000.
/// </summary>
public static class ExpectationMaximization
{
    /// <summary>QuaPy's iteration cap.</summary>
    public const int MaxIterations = 1000;

    /// <summary>QuaPy's convergence threshold on the mean absolute change of the prior.</summary>
    public const double Epsilon = 1e-4;

    /// <summary>
    /// The bin's class prevalences from <paramref name="scores"/> (row-major, <paramref name="rows"/> indexes the
    /// items to use, all when null) and the prior the probabilities were calibrated under; <paramref name="start"/>
    /// replaces the training prior as the first guess (a bootstrap warm start).
    /// </summary>
    public static double[] Run(ReadOnlySpan<float> scores, int classCount, ReadOnlySpan<double> trainingPrior, ReadOnlySpan<int> rows = default, ReadOnlySpan<double> start = default)
    {
        var n = rows.IsEmpty ? scores.Length / classCount : rows.Length;
        var prior = new double[classCount];
        for (var c = 0; c < classCount; c++)
        {
            // A class the training data lacked gets a tiny prior, so the ratio stays finite (it can still grow).
            prior[c] = Math.Max(trainingPrior[c], 1e-12);
        }

        var q = new double[classCount];
        if (start.Length == classCount)
        {
            start.CopyTo(q);
        }
        else
        {
            prior.CopyTo(q, 0);
        }

        if (n == 0)
        {
            return q;
        }

        var ratio = new double[classCount];
        var next = new double[classCount];
        var row = new double[classCount];
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            for (var c = 0; c < classCount; c++)
            {
                ratio[c] = q[c] / prior[c];
            }

            Array.Clear(next);
            for (var k = 0; k < n; k++)
            {
                var item = rows.IsEmpty ? k : rows[k];
                var scoresRow = scores.Slice(item * classCount, classCount);
                var sum = 0.0;
                for (var c = 0; c < classCount; c++)
                {
                    row[c] = scoresRow[c] * ratio[c];
                    sum += row[c];
                }

                if (sum > 0)
                {
                    for (var c = 0; c < classCount; c++)
                    {
                        next[c] += row[c] / sum;
                    }
                }
                else
                {
                    // All the item's probability sits on classes the prior has driven to zero: keep it as scored.
                    var raw = 0.0;
                    for (var c = 0; c < classCount; c++)
                    {
                        raw += scoresRow[c];
                    }

                    for (var c = 0; c < classCount; c++)
                    {
                        next[c] += raw > 0 ? scoresRow[c] / raw : 1.0 / classCount;
                    }
                }
            }

            var change = 0.0;
            for (var c = 0; c < classCount; c++)
            {
                next[c] /= n;
                change += Math.Abs(next[c] - q[c]);
            }

            (q, next) = (next, q);
            if (iteration > 10 && change / classCount < Epsilon)
            {
                break;
            }
        }

        return q;
    }

    /// <summary>
    /// The expected class counts of the items in <paramref name="scores"/> under <paramref name="prior"/>:
    /// the sum of each item's probabilities re-weighted by (prior / training prior) and renormalised (one E step).
    /// </summary>
    public static double[] Posteriors(ReadOnlySpan<float> scores, int classCount, ReadOnlySpan<double> trainingPrior, ReadOnlySpan<double> prior)
    {
        var n = scores.Length / classCount;
        var ratio = new double[classCount];
        for (var c = 0; c < classCount; c++)
        {
            ratio[c] = prior[c] / Math.Max(trainingPrior[c], 1e-12);
        }

        var counts = new double[classCount];
        var row = new double[classCount];
        for (var k = 0; k < n; k++)
        {
            var scoresRow = scores.Slice(k * classCount, classCount);
            var sum = 0.0;
            var raw = 0.0;
            for (var c = 0; c < classCount; c++)
            {
                row[c] = scoresRow[c] * ratio[c];
                sum += row[c];
                raw += scoresRow[c];
            }

            for (var c = 0; c < classCount; c++)
            {
                counts[c] += sum > 0 ? row[c] / sum : raw > 0 ? scoresRow[c] / raw : 1.0 / classCount;
            }
        }

        return counts;
    }
}
