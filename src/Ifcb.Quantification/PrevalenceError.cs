namespace Ifcb.Quantification;

/// <summary>
/// Error of one sample's (bin's) class prevalences, as QuaPy measures it: absolute error is the mean over classes of
/// |estimated - true|; relative absolute error divides each difference by the true prevalence after both vectors are
/// smoothed with eps = 1 / (2 x items in the sample): p' = (p + eps) / (eps x classes + 1).
/// </summary>
public static class PrevalenceError
{
    /// <summary>Mean absolute error of the prevalence vectors.</summary>
    public static double Absolute(ReadOnlySpan<double> estimated, ReadOnlySpan<double> truth)
    {
        var sum = 0.0;
        for (var c = 0; c < truth.Length; c++)
        {
            sum += Math.Abs(estimated[c] - truth[c]);
        }

        return sum / truth.Length;
    }

    /// <summary>Mean relative absolute error of the smoothed prevalence vectors; <paramref name="items"/> sets eps.</summary>
    public static double Relative(ReadOnlySpan<double> estimated, ReadOnlySpan<double> truth, int items)
    {
        var eps = 1.0 / (2.0 * Math.Max(1, items));
        var c = truth.Length;
        var sum = 0.0;
        for (var i = 0; i < c; i++)
        {
            var e = (estimated[i] + eps) / ((eps * c) + 1);
            var t = (truth[i] + eps) / ((eps * c) + 1);
            sum += Math.Abs(e - t) / t;
        }

        return sum / c;
    }

    /// <summary>Counts as prevalences (all zero when the total is zero; NaN counts count as zero).</summary>
    public static double[] Prevalences(ReadOnlySpan<double> counts)
    {
        var total = 0.0;
        foreach (var v in counts)
        {
            total += double.IsNaN(v) ? 0 : v;
        }

        var result = new double[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            result[i] = total > 0 && !double.IsNaN(counts[i]) ? counts[i] / total : 0;
        }

        return result;
    }
}
