namespace Ifcb.Quantification.Tests;

public sealed class WindowQuantifierTests
{
    private static readonly CorrectionModel Model = new(Cases.Estimates([[500, 0], [0, 500]], [[0.8, 0.2], [0.2, 0.8]], [0.1, 0.1]));

    // Two classes with unit-variance Gaussian features at -1 and +1: exact posteriors under a 50/50 prior.
    private static float[] Bin(double share0, int n, int seed)
    {
        var random = new Random(seed);
        var scores = new float[n * 2];
        for (var k = 0; k < n; k++)
        {
            var cls = random.NextDouble() < share0 ? 0 : 1;
            var x = (cls == 0 ? -1 : 1) + (Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            var l0 = Math.Exp(-0.5 * (x + 1) * (x + 1));
            var l1 = Math.Exp(-0.5 * (x - 1) * (x - 1));
            scores[2 * k] = (float)(l0 / (l0 + l1));
            scores[(2 * k) + 1] = (float)(l1 / (l0 + l1));
        }

        return scores;
    }

    [Fact]
    public void A_window_of_one_bin_is_that_bins_em()
    {
        var scores = Bin(0.8, 2000, 1);
        var noIntervals = new QuantificationOptions { Bootstrap = 0 };

        var bin = BinQuantifier.Quantify(scores, 2, QuantificationMethod.Em, Model, noIntervals, "b");
        var window = WindowQuantifier.QuantifyEm([scores], 2, Model, noIntervals, "b");

        Assert.Single(window);
        Assert.Equal(QuantificationMethod.Em, window[0].Method);
        Assert.Equal(bin.Classes[0].Count, window[0].Classes[0].Count, 0.5);
        Assert.Equal(bin.Classes[1].Count, window[0].Classes[1].Count, 0.5);
    }

    [Fact]
    public void The_window_prior_is_the_pooled_em_and_each_bin_keeps_its_rois()
    {
        float[][] bins = [Bin(0.9, 1500, 2), Bin(0.5, 500, 3), Bin(0.7, 1000, 4)];
        var pooled = ExpectationMaximization.Run(bins.SelectMany(b => b).ToArray(), 2, Model.Prior);

        var window = WindowQuantifier.QuantifyEm(bins, 2, Model, new QuantificationOptions { Bootstrap = 0 }, "w");

        for (var b = 0; b < bins.Length; b++)
        {
            Assert.Equal(bins[b].Length / 2, window[b].Classes.Sum(c => c.Count), 6);
        }

        // At the EM fixed point the pooled posteriors sum to the pooled prior; bins with more class 0 get more of it.
        Assert.Equal(pooled[0] * 3000, window.Sum(w => w.Classes[0].Count), 0.5); // EM stops at a 1e-4 mean change
        Assert.True(window[0].Classes[0].Count / 1500 > window[1].Classes[0].Count / 500);
    }

    [Fact]
    public void Window_intervals_are_reproducible_contain_the_estimate_and_stay_in_the_bin()
    {
        float[][] bins = [Bin(0.9, 300, 5), Bin(0.6, 300, 6)];
        var options = new QuantificationOptions { Bootstrap = 50 };

        var a = WindowQuantifier.QuantifyEm(bins, 2, Model, options, "w");
        var b = WindowQuantifier.QuantifyEm(bins, 2, Model, options, "w");

        Assert.Equal(a[0].Classes, b[0].Classes);
        Assert.All(a.SelectMany(q => q.Classes), c => Assert.True(c.Low <= c.Count && c.Count <= c.High && c.Low >= 0 && c.High <= 300 && c.High > c.Low));
    }
}
