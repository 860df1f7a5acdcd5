namespace Ifcb.Quantification.Tests;

public sealed class BinQuantifierTests
{
    private static readonly QuantificationOptions NoIntervals = new() { Bootstrap = 0 };

    [Fact]
    public void Acc_recovers_true_counts_from_the_winners_they_produce()
    {
        // True 500/300/200 through the 80/70/90% confusion give these winner counts exactly.
        var scores = Cases.OneHot(470, 270, 260);
        var model = new CorrectionModel(Cases.Estimates());

        var result = BinQuantifier.Quantify(scores, 3, QuantificationMethod.Acc, model, NoIntervals, "bin");

        Assert.Equal(QuantificationMethod.Acc, result.Method);
        Assert.Equal(500, result.Classes[0].Count, 6);
        Assert.Equal(300, result.Classes[1].Count, 6);
        Assert.Equal(200, result.Classes[2].Count, 6);
    }

    [Fact]
    public void Cc_and_pcc_count_winners_and_probabilities()
    {
        var scores = Cases.OneHot(3, 1, 0);

        var cc = BinQuantifier.Quantify(scores, 3, QuantificationMethod.Cc, null, NoIntervals, "bin");
        var pcc = BinQuantifier.Quantify(scores, 3, QuantificationMethod.Pcc, null, NoIntervals, "bin");

        Assert.Equal([3.0, 1, 0], cc.Classes.Select(c => c.Count));
        Assert.Equal((3 * 0.9) + 0.05, pcc.Classes[0].Count, 5);
        Assert.Equal(0.9 + 0.15, pcc.Classes[1].Count, 5);
        Assert.Equal(0.2, pcc.Classes[2].Count, 5);
    }

    [Fact]
    public void Pacc_recovers_true_counts_from_items_that_look_like_their_class_means()
    {
        double[][] mean = [[0.7, 0.2, 0.1], [0.25, 0.6, 0.15], [0.1, 0.1, 0.8]];
        var model = new CorrectionModel(Cases.Estimates(mean: mean));
        var rows = new List<float>();
        int[] truth = [120, 50, 30];
        for (var c = 0; c < 3; c++)
        {
            for (var k = 0; k < truth[c]; k++)
            {
                rows.AddRange(mean[c].Select(v => (float)v));
            }
        }

        var result = BinQuantifier.Quantify([.. rows], 3, QuantificationMethod.Pacc, model, NoIntervals, "bin");

        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(truth[c], result.Classes[c].Count, 3);
        }
    }

    [Fact]
    public void A_class_absent_from_the_bin_is_corrected_to_zero()
    {
        // True 700/300/0: winners 620, 280, 100 (70 + 30 from the two present classes).
        var scores = Cases.OneHot(620, 280, 100);
        var model = new CorrectionModel(Cases.Estimates());

        var result = BinQuantifier.Quantify(scores, 3, QuantificationMethod.Acc, model, new QuantificationOptions { Bootstrap = 100 }, "bin");

        Assert.Equal(700, result.Classes[0].Count, 6);
        Assert.Equal(300, result.Classes[1].Count, 6);
        Assert.Equal(0, result.Classes[2].Count, 6);
        Assert.All(result.Classes, c => Assert.True(c.Low >= 0 && c.Low <= c.Count && c.Count <= c.High));
    }

    [Fact]
    public void A_single_class_bin_is_corrected_to_that_class()
    {
        // 1000 items of class 1 are called 200/700/100.
        var scores = Cases.OneHot(200, 700, 100);
        var model = new CorrectionModel(Cases.Estimates());

        var result = BinQuantifier.Quantify(scores, 3, QuantificationMethod.Acc, model, NoIntervals, "bin");

        Assert.Equal(0, result.Classes[0].Count, 6);
        Assert.Equal(1000, result.Classes[1].Count, 6);
        Assert.Equal(0, result.Classes[2].Count, 6);
    }

    [Fact]
    public void An_empty_bin_has_zero_counts()
    {
        var result = BinQuantifier.Quantify([], 3, QuantificationMethod.Acc, new CorrectionModel(Cases.Estimates()), new QuantificationOptions(), "bin");

        Assert.All(result.Classes, c => Assert.Equal(0, c.Count));
    }

    [Fact]
    public void A_class_with_too_little_validation_support_is_flagged_not_corrected()
    {
        int[][] confusion = [[80, 10, 10], [20, 70, 10], [0, 1, 2]];
        var model = new CorrectionModel(Cases.Estimates(confusion));

        var result = BinQuantifier.Quantify(Cases.OneHot(400, 300, 300), 3, QuantificationMethod.Acc, model, NoIntervals, "bin");

        Assert.False(result.Classes[2].HasValue);
        Assert.Equal("low_support:n=3", result.Classes[2].Note);
        Assert.True(result.Classes[0].HasValue);
        Assert.True(model.LowSupport[2]);
    }

    [Fact]
    public void A_class_the_validation_never_saw_is_flagged_and_the_rest_still_solve()
    {
        int[][] confusion = [[80, 10, 10], [20, 70, 10], [0, 0, 0]];
        var model = new CorrectionModel(Cases.Estimates(confusion));

        var result = BinQuantifier.Quantify(Cases.OneHot(470, 270, 260), 3, QuantificationMethod.Acc, model, NoIntervals, "bin");

        Assert.Equal("low_support:n=0", result.Classes[2].Note);
        Assert.All(result.Classes.Take(2), c => Assert.True(c.Count >= 0 && !double.IsNaN(c.Count)));
    }

    [Fact]
    public void Acc_needs_estimates()
        => Assert.Throws<ArgumentException>(() => BinQuantifier.Quantify(Cases.OneHot(1, 1, 1), 3, QuantificationMethod.Acc, null, NoIntervals, "bin"));

    [Fact]
    public void Intervals_are_reproducible_per_bin_and_contain_the_estimate()
    {
        var scores = Cases.OneHot(47, 27, 26);
        var model = new CorrectionModel(Cases.Estimates());
        var options = new QuantificationOptions { Bootstrap = 200 };

        var a = BinQuantifier.Quantify(scores, 3, QuantificationMethod.Acc, model, options, "D20240101T000000_IFCB1");
        var b = BinQuantifier.Quantify(scores, 3, QuantificationMethod.Acc, model, options, "D20240101T000000_IFCB1");

        Assert.Equal(a.Classes, b.Classes);
        Assert.All(a.Classes, c => Assert.True(c.Low <= c.Count && c.Count <= c.High && c.High > c.Low));
    }

    [Fact]
    public void Validated_sample_redistributes_winners_by_its_shares()
    {
        // Of 10 validated "0" winners, 8 were 0 and 2 were 1; "1" and "2" winners were all right.
        var sample = new ValidatedSample(3);
        for (var k = 0; k < 8; k++)
        {
            sample.Add(0, 0);
        }

        sample.Add(0, 1);
        sample.Add(0, 1);
        sample.Add(1, 1);
        sample.Add(2, 2);

        var result = BinQuantifier.Quantify(Cases.OneHot(100, 50, 10), 3, QuantificationMethod.Validated, null, NoIntervals, "bin", sample);

        Assert.Equal(80, result.Classes[0].Count, 9);
        Assert.Equal(70, result.Classes[1].Count, 9);
        Assert.Equal(10, result.Classes[2].Count, 9);
    }

    [Fact]
    public void Acc_intervals_cover_the_true_counts_about_as_often_as_they_claim()
    {
        // Simulation: a 3-class classifier with known rates; each trial draws its own validation set (200 per
        // class) and a bin of 400 ROIs with a shifted mix, and asks whether the 95% interval holds the truth.
        double[][] rates = [[0.8, 0.15, 0.05], [0.2, 0.7, 0.1], [0.05, 0.1, 0.85]];
        var random = new Random(7);
        int covered = 0, total = 0;
        for (var trial = 0; trial < 60; trial++)
        {
            var confusion = new int[3][];
            for (var i = 0; i < 3; i++)
            {
                confusion[i] = new int[3];
                for (var k = 0; k < 200; k++)
                {
                    confusion[i][Simulation.Draw(rates[i], random)]++;
                }
            }

            double[] mix = [0.1 + (0.8 * random.NextDouble()), random.NextDouble(), 0.2 * random.NextDouble()];
            var truth = new int[3];
            var winners = new int[3];
            for (var k = 0; k < 400; k++)
            {
                var t = Simulation.Draw([.. mix.Select(m => m / mix.Sum())], random);
                truth[t]++;
                winners[Simulation.Draw(rates[t], random)]++;
            }

            var result = BinQuantifier.Quantify(Cases.OneHot(winners), 3, QuantificationMethod.Acc, new CorrectionModel(Cases.Estimates(confusion)), new QuantificationOptions { Bootstrap = 200 }, $"bin{trial}");
            for (var c = 0; c < 3; c++)
            {
                total++;
                covered += result.Classes[c].Low <= truth[c] && truth[c] <= result.Classes[c].High ? 1 : 0;
            }
        }

        var coverage = covered / (double)total;
        Assert.InRange(coverage, 0.85, 1.0);
    }
}
