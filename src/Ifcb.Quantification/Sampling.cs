namespace Ifcb.Quantification;

/// <summary>The random draws the bootstraps need, from one seeded generator (reproducible per bin).</summary>
internal sealed class Sampling(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>A stable seed from a text (FNV-1a), so a bin's intervals do not change between runs.</summary>
    public static int SeedOf(string text)
    {
        var hash = 2166136261u;
        foreach (var ch in text)
        {
            hash = (hash ^ ch) * 16777619u;
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    /// <summary>A uniform index in [0, n).</summary>
    public int Index(int n) => _random.Next(n);

    /// <summary>Adds <paramref name="n"/> draws from the distribution with cumulative weights <paramref name="cumulative"/> (last = total) into <paramref name="counts"/>.</summary>
    public void Multinomial(int n, ReadOnlySpan<double> cumulative, Span<double> counts)
    {
        var total = cumulative[^1];
        for (var k = 0; k < n; k++)
        {
            var u = _random.NextDouble() * total;
            var lo = 0;
            var hi = cumulative.Length - 1;
            while (lo < hi)
            {
                var mid = (lo + hi) >> 1;
                if (cumulative[mid] > u)
                {
                    hi = mid;
                }
                else
                {
                    lo = mid + 1;
                }
            }

            counts[lo]++;
        }
    }

    /// <summary>
    /// A Dirichlet(<paramref name="concentration"/> x <paramref name="mean"/>) draw into <paramref name="result"/>;
    /// the gamma draws are kept as logarithms, so tiny shapes (confident rows) do not underflow to an all-zero row.
    /// </summary>
    public void Dirichlet(double concentration, ReadOnlySpan<double> mean, Span<double> result)
    {
        var max = double.NegativeInfinity;
        for (var j = 0; j < mean.Length; j++)
        {
            result[j] = mean[j] > 0 ? LogGamma(Math.Max(concentration, 1e-9) * mean[j]) : double.NegativeInfinity;
            max = Math.Max(max, result[j]);
        }

        var sum = 0.0;
        for (var j = 0; j < mean.Length; j++)
        {
            result[j] = double.IsNegativeInfinity(result[j]) ? 0 : Math.Exp(result[j] - max);
            sum += result[j];
        }

        for (var j = 0; j < mean.Length; j++)
        {
            result[j] = sum > 0 ? result[j] / sum : mean[j];
        }
    }

    /// <summary>
    /// <paramref name="mean"/> plus a normal draw with covariance L L^T / <paramref name="items"/> (the mean of that
    /// many items whose rows have covariance L L^T) over the classes <paramref name="classes"/> (L's rows and columns,
    /// ascending), into <paramref name="result"/>; the other classes keep their mean.
    /// </summary>
    public void MeanOfItems(int[] classes, double[,] factor, ReadOnlySpan<double> mean, double items, Span<double> result)
    {
        var b = classes.Length;
        Span<double> z = b <= 256 ? stackalloc double[b] : new double[b];
        for (var k = 0; k < b; k++)
        {
            z[k] = Normal();
        }

        mean.CopyTo(result);
        var scale = 1 / Math.Sqrt(items);
        for (var r = 0; r < b; r++)
        {
            var sum = 0.0;
            for (var k = 0; k <= r; k++)
            {
                sum += factor[r, k] * z[k];
            }

            result[classes[r]] = mean[classes[r]] + (scale * sum);
        }
    }

    /// <summary>Whole counts summing to <paramref name="total"/> closest to <paramref name="values"/> (largest remainders).</summary>
    public static int[] Round(ReadOnlySpan<double> values, int total)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += Math.Max(0, v);
        }

        var counts = new int[values.Length];
        if (sum <= 0 || total <= 0)
        {
            return counts;
        }

        var remainders = new (double Remainder, int Index)[values.Length];
        var assigned = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var exact = Math.Max(0, values[i]) * total / sum;
            counts[i] = (int)Math.Floor(exact);
            assigned += counts[i];
            remainders[i] = (exact - counts[i], i);
        }

        foreach (var (_, index) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Index).Take(total - assigned))
        {
            counts[index]++;
        }

        return counts;
    }

    // log Gamma(shape) draw; shapes below one through Gamma(a + 1) * U^(1/a), in logarithms.
    private double LogGamma(double shape)
    {
        if (shape < 1)
        {
            var u = Math.Max(_random.NextDouble(), double.Epsilon);
            return Math.Log(Gamma(shape + 1)) + (Math.Log(u) / shape);
        }

        return Math.Log(Gamma(shape));
    }

    // Marsaglia & Tsang (2000); shapes below one through Gamma(a + 1) * U^(1/a).
    private double Gamma(double shape)
    {
        if (shape < 1)
        {
            var u = _random.NextDouble();
            return Gamma(shape + 1) * Math.Pow(Math.Max(u, double.Epsilon), 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal();
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = _random.NextDouble();
            if (u < 1 - (0.0331 * x * x * x * x) || Math.Log(Math.Max(u, double.Epsilon)) < (0.5 * x * x) + (d * (1 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    /// <summary>A standard normal draw (Box-Muller).</summary>
    public double Normal()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>The <paramref name="q"/> quantile of sorted values (linear interpolation, numpy's default).</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var position = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(position);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((position - lo) * (sorted[hi] - sorted[lo]));
    }
}
