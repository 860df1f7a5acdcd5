namespace Ifcb.Evaluation.Metrics;

/// <summary>
/// Percentile bootstrap over items: resample N items with replacement, recompute the metrics, and take the
/// (1-level)/2 and (1+level)/2 quantiles. Seeded, so a report is reproducible.
/// </summary>
public static class Bootstrap
{
    /// <summary>Computes intervals for accuracy, weighted and macro F1 and each class's F1.</summary>
    public static BootstrapResult Compute(EvaluationInput input, int resamples = 1000, int seed = 20240611, double level = 0.95, int[]? predicted = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        predicted ??= input.PredictedClasses();
        var n = input.Count;
        var c = input.ClassCount;
        var full = Summarise(Enumerable.Range(0, n).ToArray(), input.TrueClasses, predicted, c);
        var accuracy = new double[resamples];
        var weighted = new double[resamples];
        var macro = new double[resamples];
        var perClass = new List<double>[c];
        for (var k = 0; k < c; k++)
        {
            perClass[k] = new List<double>(resamples);
        }

        // System.Random with a seed is the stable legacy generator: the same sequence on every .NET version.
        var random = new Random(seed);
        var sample = new int[n];
        var tp = new int[c];
        var fp = new int[c];
        var fn = new int[c];
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < n; i++)
            {
                sample[i] = random.Next(n);
            }

            var s = Summarise(sample, input.TrueClasses, predicted, c, tp, fp, fn);
            accuracy[r] = s.Accuracy;
            weighted[r] = s.F1Weighted;
            macro[r] = s.F1Macro;
            for (var k = 0; k < c; k++)
            {
                if (tp[k] + fn[k] > 0)
                {
                    perClass[k].Add(s.F1PerClass[k]);
                }
            }
        }

        return new BootstrapResult
        {
            Resamples = resamples,
            Seed = seed,
            Level = level,
            Accuracy = Interval(full.Accuracy, accuracy, level),
            F1Weighted = Interval(full.F1Weighted, weighted, level),
            F1Macro = Interval(full.F1Macro, macro, level),
            F1PerClass = Enumerable.Range(0, c).Select(k => Interval(full.F1PerClass[k], [.. perClass[k]], level)).ToArray(),
        };
    }

    /// <summary>The linear-interpolation quantile (numpy's default) of <paramref name="values"/>.</summary>
    public static double Quantile(double[] values, double q)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }

    private static ConfidenceInterval Interval(double value, double[] samples, double level)
    {
        if (samples.Length == 0)
        {
            return new ConfidenceInterval(value, value, value, 0);
        }

        var mean = samples.Average();
        var sd = Math.Sqrt(samples.Sum(x => (x - mean) * (x - mean)) / Math.Max(samples.Length - 1, 1));
        return new ConfidenceInterval(value, Quantile(samples, (1 - level) / 2), Quantile(samples, (1 + level) / 2), sd);
    }

    private static ClassificationMetrics.Summary Summarise(int[] sample, int[] truth, int[] predicted, int classes, int[]? tp = null, int[]? fp = null, int[]? fn = null)
    {
        tp ??= new int[classes];
        fp ??= new int[classes];
        fn ??= new int[classes];
        Array.Clear(tp);
        Array.Clear(fp);
        Array.Clear(fn);
        foreach (var i in sample)
        {
            var t = truth[i];
            var p = predicted[i];
            if (t == p)
            {
                tp[t]++;
            }
            else
            {
                fn[t]++;
                fp[p]++;
            }
        }

        return ClassificationMetrics.FromCounts(tp, fp, fn, null);
    }
}
