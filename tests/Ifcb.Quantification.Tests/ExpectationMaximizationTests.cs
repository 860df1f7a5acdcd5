namespace Ifcb.Quantification.Tests;

public sealed class ExpectationMaximizationTests
{
    // Two classes with unit-variance Gaussian features at -1 and +1: exact posteriors under a 50/50 prior.
    private static float[] Bin(double share0, int n, int seed)
    {
        var random = new Random(seed);
        var scores = new float[n * 2];
        for (var k = 0; k < n; k++)
        {
            var cls = random.NextDouble() < share0 ? 0 : 1;
            var x = (cls == 0 ? -1 : 1) + Normal(random);
            var l0 = Math.Exp(-0.5 * (x + 1) * (x + 1));
            var l1 = Math.Exp(-0.5 * (x - 1) * (x - 1));
            scores[2 * k] = (float)(l0 / (l0 + l1));
            scores[(2 * k) + 1] = (float)(l1 / (l0 + l1));
        }

        return scores;
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(0.5)]
    [InlineData(0.15)]
    public void Recovers_a_shifted_prior_from_calibrated_posteriors(double share0)
    {
        var scores = Bin(share0, 20000, 11);

        var p = ExpectationMaximization.Run(scores, 2, [0.5, 0.5]);

        Assert.Equal(share0, p[0], 0.02);
        Assert.Equal(1.0, p[0] + p[1], 9);
    }

    [Fact]
    public void Em_beats_pcc_on_a_bloom()
    {
        var scores = Bin(0.95, 5000, 3);
        var pcc = BinQuantifier.Quantify(scores, 2, QuantificationMethod.Pcc, null, new QuantificationOptions { Bootstrap = 0 }, "b");
        var model = new CorrectionModel(Cases.Estimates([[500, 0], [0, 500]], [[1, 0], [0, 1]], [0, 0]));
        var em = BinQuantifier.Quantify(scores, 2, QuantificationMethod.Em, model, new QuantificationOptions { Bootstrap = 20 }, "b");

        var truth = 0.95 * 5000;
        Assert.True(Math.Abs(em.Classes[0].Count - truth) < Math.Abs(pcc.Classes[0].Count - truth) / 3);
        Assert.True(em.Classes[0].Low <= em.Classes[0].Count && em.Classes[0].Count <= em.Classes[0].High);
    }

    [Fact]
    public void A_single_class_bin_goes_to_that_class()
    {
        float[] scores = [0.9f, 0.1f, 0.8f, 0.2f, 0.95f, 0.05f];

        var p = ExpectationMaximization.Run(scores, 2, [0.5, 0.5]);

        Assert.True(p[0] > 0.99);
    }

    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
