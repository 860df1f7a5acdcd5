using Xunit.Abstractions;

namespace Ifcb.Quantification.Tests;

/// <summary>
/// Coverage of the 95% intervals on simulated data with a known classifier, no ML: every bin draws its own validation
/// set (the estimates' uncertainty), a prior-shifted mix, its ROIs' true classes and their probability rows; the
/// interval should hold the bin's true count about 95% of the time.
/// </summary>
public sealed class IntervalCoverageTests(ITestOutputHelper output)
{
    private const int Classes = 5;

    // P(arg-max j | true i) of the simulated classifier: about 80% right, confusions concentrated on neighbours.
    private static readonly double[][] Rates =
    [
        [0.80, 0.12, 0.04, 0.02, 0.02],
        [0.10, 0.75, 0.10, 0.03, 0.02],
        [0.03, 0.07, 0.82, 0.05, 0.03],
        [0.02, 0.03, 0.08, 0.80, 0.07],
        [0.02, 0.02, 0.03, 0.08, 0.85],
    ];

    [Theory]
    [InlineData(QuantificationMethod.Acc)]
    [InlineData(QuantificationMethod.Pacc)]
    public void Acc_and_pacc_intervals_cover_true_counts_about_95_percent_of_the_time(QuantificationMethod method)
    {
        var (coverage, _, _) = Simulate(method, bins: 200, rois: 400, validationPerClass: 100, Classifier, seed: 3);
        output.WriteLine($"{method}: coverage {coverage:F3}");
        Assert.InRange(coverage, 0.88, 0.98);
    }

    [Fact]
    public void Pacc_intervals_follow_the_shape_of_the_probability_scatter_not_only_its_size()
    {
        // Classes 0 and 1 are confused: their rows put most mass on the pair, and the pair's share of an item's row
        // varies a lot while the split within the pair varies little. PACC's least squares amplifies scatter along
        // the difference of the two mean rows; a Dirichlet with the rows' total variance puts scatter there that the
        // real rows do not have (too wide for 0 and 1), the rows' covariance does not.
        var (coverage, _, perClass) = Simulate(QuantificationMethod.Pacc, bins: 400, rois: 1000, validationPerClass: 200, Pair, seed: 9);
        var (dirichlet, _, dirichletPerClass) = Simulate(QuantificationMethod.Pacc, bins: 400, rois: 1000, validationPerClass: 200, Pair, seed: 9, covariance: false);
        output.WriteLine($"pacc with covariance: {coverage:F3}, per class {Join(perClass)}");
        output.WriteLine($"Dirichlet fallback (estimates without covariance): {dirichlet:F3}, per class {Join(dirichletPerClass)}");
        Assert.InRange(coverage, 0.91, 0.97);

        // Per class too (400 bins: a standard error of 0.011 around 0.95). The Dirichlet fallback fails this: its
        // intervals for the confused pair are too wide and for the distinct classes too narrow.
        Assert.All(perClass, c => Assert.InRange(c, 0.91, 0.98));

        static string Join(double[] values) => string.Join(" ", values.Select(v => v.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Em_intervals_on_calibrated_probabilities_cover_true_counts()
    {
        // Calibrated rows (exact posteriors of a Gaussian model under the balanced training prior): EM is
        // consistent, and its interval now carries the estimates' uncertainty, not only the bin's noise.
        var (coverage, _, _) = Simulate(QuantificationMethod.Em, bins: 40, rois: 300, validationPerClass: 100, Calibrated, seed: 5);
        output.WriteLine($"em: coverage {coverage:F3}");
        Assert.InRange(coverage, 0.85, 0.995);
    }

    [Fact]
    public void Pacc_with_covariance_handles_a_class_the_validation_data_never_saw()
    {
        // Class 2 has no validation items: identity row, zero covariance; the bin has ROIs that look like it.
        var estimates = EstimatesBuilder.Build([0, 0, 1, 1], [0.9f, 0.1f, 0f, 0.7f, 0.3f, 0f, 0.2f, 0.8f, 0f, 0.3f, 0.6f, 0.1f], 3, "test");
        Assert.NotNull(estimates.ProbabilityCovariance);
        float[] bin = [0.8f, 0.1f, 0.1f, 0.1f, 0.1f, 0.8f, 0.05f, 0.05f, 0.9f, 0.2f, 0.7f, 0.1f];
        var result = BinQuantifier.Quantify(bin, 3, QuantificationMethod.Pacc, new CorrectionModel(estimates, minSupport: 0), new QuantificationOptions { Bootstrap = 50 }, "bin");
        Assert.All(result.Classes, c => Assert.True(c.Low <= c.Count && c.Count <= c.High && c.High <= 4));
        Assert.True(result.Classes[2].Count > 0);
    }

    [Fact]
    public void Rounding_keeps_the_total_and_gives_the_largest_remainders()
    {
        Assert.Equal([1, 2, 1], Sampling.Round([0.6, 1.7, 0.7], 4));
        Assert.Equal([0, 0, 10], Sampling.Round([0, -1, 3], 10));
        Assert.Equal([0, 0], Sampling.Round([0, 0], 5));
    }

    [Fact]
    public void Dirichlet_draws_with_tiny_shapes_are_rows_not_zeros_and_average_to_the_mean()
    {
        var sampling = new Sampling(1);
        double[] mean = [0.7, 0.2, 0.1];
        var sum = new double[3];
        var draw = new double[3];
        for (var k = 0; k < 4000; k++)
        {
            sampling.Dirichlet(0.01, mean, draw);
            Assert.Equal(1, draw.Sum(), 9);
            Assert.All(draw, v => Assert.False(double.IsNaN(v)));
            for (var j = 0; j < 3; j++)
            {
                sum[j] += draw[j] / 4000;
            }
        }

        for (var j = 0; j < 3; j++)
        {
            Assert.Equal(mean[j], sum[j], 1);
        }
    }

    // Returns the fraction of (bin, class) true counts inside the interval, the mean absolute prevalence error and
    // each class's coverage; covariance: false drops the rows' covariance from the estimates (the Dirichlet fallback).
    private static (double Coverage, double Mae, double[] PerClass) Simulate(QuantificationMethod method, int bins, int rois, int validationPerClass, Func<int, Random, float[]> item, int seed, bool covariance = true)
    {
        var random = new Random(seed);
        int covered = 0, total = 0;
        var classCovered = new int[Classes];
        var error = 0.0;
        for (var bin = 0; bin < bins; bin++)
        {
            var trueClasses = new List<int>();
            var validation = new List<float>();
            for (var i = 0; i < Classes; i++)
            {
                for (var k = 0; k < validationPerClass; k++)
                {
                    trueClasses.Add(i);
                    validation.AddRange(item(i, random));
                }
            }

            var estimates = EstimatesBuilder.Build([.. trueClasses], [.. validation], Classes, "simulated");
            var model = new CorrectionModel(covariance ? estimates : estimates with { ProbabilityCovariance = null });

            // A shifted mix: one class dominant, a random other one rare.
            var mix = new double[Classes];
            for (var c = 0; c < Classes; c++)
            {
                mix[c] = Math.Exp(1.5 * Simulation.Normal(random));
            }

            var truth = new int[Classes];
            var scores = new List<float>();
            for (var k = 0; k < rois; k++)
            {
                var t = Simulation.Draw(mix, random);
                truth[t]++;
                scores.AddRange(item(t, random));
            }

            var result = BinQuantifier.Quantify([.. scores], Classes, method, model, new QuantificationOptions { Bootstrap = 200 }, $"bin{bin}");
            for (var c = 0; c < Classes; c++)
            {
                total++;
                var inside = result.Classes[c].Low <= truth[c] && truth[c] <= result.Classes[c].High ? 1 : 0;
                covered += inside;
                classCovered[c] += inside;
                error += Math.Abs(result.Classes[c].Count - truth[c]) / rois / Classes / bins;
            }
        }

        return (covered / (double)total, error, [.. classCovered.Select(c => c / (double)bins)]);
    }

    // A classifier with known confusion: the arg-max follows Rates, the rest of the row is noisy softmax mass.
    private static float[] Classifier(int trueClass, Random random)
    {
        var winner = Simulation.Draw(Rates[trueClass], random);
        var logits = new double[Classes];
        for (var j = 0; j < Classes; j++)
        {
            logits[j] = (0.7 * Simulation.Normal(random)) + (j == trueClass ? 0.8 : 0);
        }

        // The winner's logit is lifted above every other one, so the arg-max is the drawn class.
        logits[winner] = logits.Max() + 0.5 + Math.Abs(Simulation.Normal(random));
        return Simulation.Softmax(logits);
    }

    // Classes 0 and 1 share a random pull towards the pair (g) and differ little within it; 2-4 are distinct.
    private static float[] Pair(int trueClass, Random random)
    {
        var logits = new double[Classes];
        var g = 2.5 * Simulation.Normal(random);
        for (var j = 0; j < Classes; j++)
        {
            logits[j] = 0.5 * Simulation.Normal(random);
        }

        if (trueClass < 2)
        {
            logits[0] += 1.5 + g + (trueClass == 0 ? 0.5 : 0) + (0.1 * Simulation.Normal(random));
            logits[1] += 1.5 + g + (trueClass == 1 ? 0.5 : 0) + (0.1 * Simulation.Normal(random));
        }
        else
        {
            logits[trueClass] += 2.5;
        }

        return Simulation.Softmax(logits);
    }

    // Exact posteriors (balanced prior) of unit Gaussians in 2-D with class centres on a circle.
    private static float[] Calibrated(int trueClass, Random random)
    {
        var x = Centre(trueClass).X + Simulation.Normal(random);
        var y = Centre(trueClass).Y + Simulation.Normal(random);
        var logits = new double[Classes];
        for (var j = 0; j < Classes; j++)
        {
            var (cx, cy) = Centre(j);
            logits[j] = -0.5 * (((x - cx) * (x - cx)) + ((y - cy) * (y - cy)));
        }

        return Simulation.Softmax(logits);
    }

    private static (double X, double Y) Centre(int c) => (2.5 * Math.Cos(2 * Math.PI * c / Classes), 2.5 * Math.Sin(2 * Math.PI * c / Classes));
}
