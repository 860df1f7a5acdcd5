using Ifcb.Evaluation.Metrics;

namespace Ifcb.Evaluation.Tests.Metrics;

public sealed class BootstrapTests
{
    [Fact]
    public void Quantile_interpolates_linearly_like_numpy()
    {
        // numpy.quantile([1, 2, 3, 4], [0.25, 0.5, 0.975]) = [1.75, 2.5, 3.925]
        Assert.Equal(1.75, Bootstrap.Quantile([4, 1, 3, 2], 0.25), 12);
        Assert.Equal(2.5, Bootstrap.Quantile([4, 1, 3, 2], 0.5), 12);
        Assert.Equal(3.925, Bootstrap.Quantile([4, 1, 3, 2], 0.975), 12);
    }

    [Fact]
    public void Same_seed_same_intervals_and_the_interval_brackets_the_estimate()
    {
        // Given a synthetic validation set
        var input = SyntheticEvaluation.Create(10, 1500, withEpochs: false);

        // When bootstrapped twice with one seed and once with another
        var a = Bootstrap.Compute(input, 200, seed: 7);
        var b = Bootstrap.Compute(input, 200, seed: 7);
        var c = Bootstrap.Compute(input, 200, seed: 8);

        // Then the seed fixes the result, and the intervals are sensible
        Assert.Equal(a.F1Weighted, b.F1Weighted);
        Assert.NotEqual(a.F1Weighted.Lower, c.F1Weighted.Lower);
        foreach (var ci in new[] { a.Accuracy, a.F1Weighted, a.F1Macro }.Concat(a.F1PerClass))
        {
            Assert.InRange(ci.Value, ci.Lower - 0.02, ci.Upper + 0.02);
            Assert.True(ci.Upper > ci.Lower);
        }

        // and small classes are less certain than large ones (class 0 is the largest, class 9 the smallest)
        Assert.True(a.F1PerClass[9].StandardDeviation > a.F1PerClass[0].StandardDeviation);
    }

    [Fact]
    public void A_perfect_classifier_has_a_degenerate_interval_at_one()
    {
        // Given predictions equal to the truth
        var input = Inputs.FromPredictions([0, 1, 2, 0, 1, 2, 2], [0, 1, 2, 0, 1, 2, 2], 3);

        // When bootstrapped
        var result = Bootstrap.Compute(input, 100);

        // Then every resample scores 1
        Assert.Equal(new ConfidenceInterval(1, 1, 1, 0), result.Accuracy);
        Assert.Equal(new ConfidenceInterval(1, 1, 1, 0), result.F1Macro);
    }
}
