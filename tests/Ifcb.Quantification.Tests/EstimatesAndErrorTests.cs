using Ifcb.Models;

namespace Ifcb.Quantification.Tests;

public sealed class EstimatesAndErrorTests
{
    [Fact]
    public void Estimates_count_the_argmax_and_average_the_rows_per_true_class()
    {
        int[] truth = [0, 0, 1];
        float[] scores = [0.6f, 0.4f, 0.2f, 0.8f, 0.3f, 0.7f];

        var e = EstimatesBuilder.Build(truth, scores, 2, "test");

        Assert.Equal([2, 1], e.Support);
        Assert.Equal([1, 1], e.Confusion[0]);
        Assert.Equal([0, 1], e.Confusion[1]);
        Assert.Equal(0.4, e.MeanProbability[0][0], 6);
        Assert.Equal(0.3, e.MeanProbability[1][0], 6);
        // Class 0's rows: first column 0.6/0.2 -> variance 0.04, same for the second: sum 0.08.
        Assert.Equal(0.08, e.ProbabilityVariance[0], 6);
        Assert.Equal(0, e.ProbabilityVariance[1], 9);

        // The covariance: variances 0.04 on the diagonal (their sum is the total variance), -0.04 off it (rows sum to one).
        Assert.Equal([0, 1], e.ProbabilityCovariance![0].Classes);
        Assert.Equal([0.04, -0.04, -0.04, 0.04], e.ProbabilityCovariance[0].Values.Select(v => Math.Round(v, 6)));
        Assert.All(e.ProbabilityCovariance[1].Values, v => Assert.Equal(0, v, 9));
        Assert.Empty(e.Problems(2));
    }

    [Fact]
    public void Estimates_that_do_not_fit_the_model_are_reported()
    {
        var e = EstimatesBuilder.Build([0], [1f, 0f], 2, "test");

        Assert.NotEmpty(e.Problems(3));
        Assert.NotEmpty((e with { Confusion = [[2, 0], [0, 0]] }).Problems(2));
        Assert.NotEmpty((e with { ProbabilityCovariance = [new CovarianceBlock { Classes = [0], Values = [0.0] }, new CovarianceBlock { Classes = [1], Values = [0.0] }, new CovarianceBlock { Classes = [0], Values = [0.0] }] }).Problems(2));
        Assert.Empty((e with { ProbabilityCovariance = null }).Problems(2));
    }

    [Fact]
    public void Model_card_carries_the_estimates_and_rejects_bad_ones()
    {
        var card = new ModelCard
        {
            Architecture = "resnet18",
            InputSize = 64,
            ClassLabels = ["a", "b"],
            Quantification = EstimatesBuilder.Build([0, 1, 1], [0.9f, 0.1f, 0.2f, 0.8f, 0.6f, 0.4f], 2, "validation split"),
        };

        var back = ModelCardJson.Deserialize(ModelCardJson.Serialize(card), "card");

        Assert.Equal([1, 2], back.Quantification!.Support);
        Assert.Equal([1, 1], back.Quantification.Confusion[1]);
        Assert.Contains("\"mean_probability\"", ModelCardJson.Serialize(card));
        Assert.NotEmpty((card with { ClassLabels = ["a", "b", "c"] }).Validate());
    }

    [Fact]
    public void Prevalence_errors_follow_quapy()
    {
        double[] truth = [0.5, 0.5, 0];
        double[] estimate = [0.6, 0.3, 0.1];

        Assert.Equal(0.4 / 3, PrevalenceError.Absolute(estimate, truth), 12);

        // eps = 1/(2 x 10) = 0.05; smoothed = (p + 0.05) / 1.15.
        var t = truth.Select(v => (v + 0.05) / 1.15).ToArray();
        var e = estimate.Select(v => (v + 0.05) / 1.15).ToArray();
        var expected = Enumerable.Range(0, 3).Average(i => Math.Abs(e[i] - t[i]) / t[i]);
        Assert.Equal(expected, PrevalenceError.Relative(estimate, truth, 10), 12);
        Assert.Equal([0.25, 0.75, 0], PrevalenceError.Prevalences([1, 3, double.NaN]));
    }

    [Fact]
    public void Method_names_parse_and_print()
    {
        Assert.Equal(QuantificationMethod.Pacc, QuantificationMethods.Parse("PACC"));
        Assert.Equal("em", QuantificationMethod.Em.Name());
        Assert.Throws<FormatException>(() => QuantificationMethods.Parse("hdy"));
    }
}
