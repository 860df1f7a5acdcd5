using System.Globalization;
using System.Text.Json;
using Ifcb.Models;
using Xunit.Abstractions;

namespace Ifcb.Quantification.Tests;

/// <summary>
/// The probability rows' covariance stored as one block per true class (at most
/// <see cref="QuantificationEstimates.CovarianceBlockSize"/> classes), not a classes x classes matrix.
/// </summary>
public sealed class CovarianceBlockTests(ITestOutputHelper output)
{
    private const int B = QuantificationEstimates.CovarianceBlockSize;

    [Fact]
    public void With_no_more_classes_than_the_block_size_the_block_is_the_full_matrix()
    {
        var (estimates, _, truth, scores) = Thirteen();
        for (var i = 0; i < 13; i++)
        {
            var block = estimates.ProbabilityCovariance![i];
            Assert.Equal(Enumerable.Range(0, 13), block.Classes);

            // The full covariance, computed here the plain way.
            var rows = Enumerable.Range(0, truth.Length).Where(k => truth[k] == i).Select(k => scores.AsSpan(k * 13, 13).ToArray()).ToArray();
            for (var j = 0; j < 13; j++)
            {
                for (var l = 0; l < 13; l++)
                {
                    var expected = rows.Average(r => (double)r[j] * r[l]) - (rows.Average(r => (double)r[j]) * rows.Average(r => (double)r[l]));
                    Assert.Equal(expected, block.Values[(j * 13) + l], 12);
                }
            }
        }
    }

    [Fact]
    public void With_no_more_classes_than_the_block_size_pacc_draws_what_the_full_matrix_drew()
    {
        // Intervals of the full-matrix implementation (commit 430ec99) for this bin and seed, to the last bit.
        (double Count, double Low, double High)[] before =
        [
            (70.35651575213139, 40.93487713707153, 89.03141008117748), (84.39916277596919, 37.29477921466059, 132.30452852955733),
            (76.75549278365582, 22.834951974841072, 121.70859786525979), (95.40972817273766, 57.22246315056525, 141.0513154117794),
            (45.74225459731804, 0, 84.60698606105562), (85.75662152273516, 50.62353602034313, 120.29336136746701),
            (27.001081465693172, 0, 53.265103310419626), (11.526537558845227, 1.380758709183325, 20.249119675658296),
            (0, 0, 4.807085025697205), (0, 0, 2.88685471367693), (1.024738993854035, 0, 3.175718913081878),
            (0, 0, 2.9295846709455664), (2.02786637706031, 0, 13.115875807339279),
        ];
        var (estimates, bin, _, _) = Thirteen();
        var result = BinQuantifier.Quantify(bin, 13, QuantificationMethod.Pacc, new CorrectionModel(estimates), new QuantificationOptions { Bootstrap = 200 }, "bin-13");
        Assert.Equal(before, result.Classes.Select(c => (c.Count, c.Low, c.High)));
    }

    [Fact]
    public void Estimates_for_150_classes_store_one_small_block_per_class()
    {
        const int classes = 150;
        var random = new Random(150);
        var truth = new List<int>();
        var scores = new List<float>();
        for (var i = 0; i < classes; i++)
        {
            for (var k = 0; k < 8; k++)
            {
                truth.Add(i);
                scores.AddRange(Neighbours(i, classes, random));
            }
        }

        var estimates = EstimatesBuilder.Build([.. truth], [.. scores], classes, "simulated");
        Assert.Empty(estimates.Problems(classes));
        var labels = Enumerable.Range(0, classes).Select(c => $"class{c}").ToArray();
        var card = new ModelCard { Architecture = "resnet18", InputSize = 64, ClassLabels = labels, Quantification = estimates };
        var json = ModelCardJson.Serialize(card);

        using var document = JsonDocument.Parse(json);
        var blocks = document.RootElement.GetProperty("quantification").GetProperty("probability_covariance");
        Assert.Equal(classes, blocks.GetArrayLength());
        var numbers = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            var b = block.GetProperty("classes").GetArrayLength();
            Assert.Equal(B, b);
            Assert.Equal(b * b, block.GetProperty("values").GetArrayLength());
            numbers += b + (b * b);
        }

        // The full matrices were 150^3 = 3.4 million numbers (about 85 MB of indented JSON).
        var covarianceText = blocks.GetRawText().Length;
        output.WriteLine($"{numbers} covariance numbers ({covarianceText / 1e6:F2} MB), card {json.Length / 1e6:F2} MB");
        Assert.True(numbers <= classes * ((B * B) + B));
        Assert.True(covarianceText < 3_500_000, $"the covariance is {covarianceText} characters");
        Assert.True(json.Length < 5_000_000, $"the card is {json.Length} characters");

        // Each block holds the true class and its neighbours (the classes its rows put mass on), and round-trips.
        Assert.Contains(0, estimates.ProbabilityCovariance![0].Classes);
        Assert.Contains(1, estimates.ProbabilityCovariance[0].Classes);
        Assert.Contains(149, estimates.ProbabilityCovariance[0].Classes);
        var back = ModelCardJson.Deserialize(json, "card").Quantification!;
        Assert.Equal(estimates.ProbabilityCovariance[7].Classes, back.ProbabilityCovariance![7].Classes);
        Assert.Equal(estimates.ProbabilityCovariance[7].Values, back.ProbabilityCovariance[7].Values);
        Assert.Empty(back.Problems(classes));
    }

    [Fact]
    public void Block_classes_are_the_true_class_and_the_largest_means_ties_to_the_lower_index()
    {
        var row = new double[30];
        row[29] = 0.5;
        row[3] = 0.2;
        Assert.Equal([0, 1, 2, 3, .. Enumerable.Range(4, 19), 29], EstimatesBuilder.CovarianceBlockClasses(row, 0));

        // The true class is in even when its mean is among the smallest.
        var block = EstimatesBuilder.CovarianceBlockClasses(row, 27);
        Assert.Equal(B, block.Length);
        Assert.Contains(27, block);
        Assert.Contains(29, block);
        Assert.DoesNotContain(23, block);
        Assert.Equal(Enumerable.Range(0, 5), EstimatesBuilder.CovarianceBlockClasses(new double[5], 4));
    }

    [Fact]
    public void Pacc_intervals_with_more_classes_than_the_block_cover_true_counts()
    {
        // 40 classes, confusions among ring neighbours: every block leaves 16 classes at their mean.
        const int classes = 40;
        var random = new Random(40);
        int covered = 0, total = 0;
        for (var bin = 0; bin < 30; bin++)
        {
            var truth = new List<int>();
            var validation = new List<float>();
            for (var i = 0; i < classes; i++)
            {
                for (var k = 0; k < 80; k++)
                {
                    truth.Add(i);
                    validation.AddRange(Neighbours(i, classes, random));
                }
            }

            var model = new CorrectionModel(EstimatesBuilder.Build([.. truth], [.. validation], classes, "simulated"));
            var mix = Enumerable.Range(0, classes).Select(_ => Math.Exp(1.5 * Simulation.Normal(random))).ToArray();
            var counts = new int[classes];
            var scores = new List<float>();
            for (var k = 0; k < 2000; k++)
            {
                var t = Simulation.Draw(mix, random);
                counts[t]++;
                scores.AddRange(Neighbours(t, classes, random));
            }

            var result = BinQuantifier.Quantify([.. scores], classes, QuantificationMethod.Pacc, model, new QuantificationOptions { Bootstrap = 200 }, $"bin{bin}");
            for (var c = 0; c < classes; c++)
            {
                total++;
                covered += result.Classes[c].Low <= counts[c] && counts[c] <= result.Classes[c].High ? 1 : 0;
            }
        }

        var coverage = covered / (double)total;
        output.WriteLine($"pacc, {classes} classes: coverage {coverage:F3}");
        Assert.InRange(coverage, 0.90, 0.97);
    }

    [Fact]
    public void Malformed_blocks_are_reported()
    {
        var (estimates, _, _, _) = Thirteen();
        var good = estimates.ProbabilityCovariance!;
        Assert.Empty(estimates.Problems(13));

        string Problem(CovarianceBlock block) => Assert.Single((estimates with { ProbabilityCovariance = [block, .. good.Skip(1)] }).Problems(13));

        var values = good[0].Values;
        Assert.Contains("outside 0..12", Problem(new CovarianceBlock { Classes = [0, 13], Values = new double[4] }));
        Assert.Contains("distinct and ascending", Problem(new CovarianceBlock { Classes = [0, 2, 1], Values = new double[9] }));
        Assert.Contains("distinct and ascending", Problem(new CovarianceBlock { Classes = [0, 1, 1], Values = new double[9] }));
        Assert.Contains("include the true class 0", Problem(new CovarianceBlock { Classes = [1, 2], Values = new double[4] }));
        Assert.Contains("needs 4 values", Problem(new CovarianceBlock { Classes = [0, 1], Values = new double[3] }));
        Assert.Contains("finite", Problem(new CovarianceBlock { Classes = [0, 1], Values = [0, double.NaN, 0, 0] }));
        Assert.Contains("needs 1 to 13 classes", Problem(new CovarianceBlock { Classes = [], Values = [] }));
        Assert.Contains("needs 1 to 13 classes", Problem(new CovarianceBlock { Classes = [.. Enumerable.Range(0, 14)], Values = new double[196] }));
        Assert.Contains("probability_covariance[0] is missing", Problem(null!));
        Assert.Contains("needs 13 blocks", Assert.Single((estimates with { ProbabilityCovariance = [.. good.Skip(1)] }).Problems(13)));
        Assert.Empty((estimates with { ProbabilityCovariance = [new CovarianceBlock { Classes = [0, 5], Values = [values[0], values[5], values[65], values[70]] }, .. good.Skip(1)] }).Problems(13));

        // Without the field the estimates still load, and PACC falls back to the Dirichlet.
        var without = estimates with { ProbabilityCovariance = null };
        Assert.Empty(without.Problems(13));
        Assert.Null(new CorrectionModel(without).CovarianceFactor);
    }

    // 13 classes, 60 validation items each and a 500-ROI bin from a neighbour-confusing classifier.
    private static (QuantificationEstimates Estimates, float[] Bin, int[] Truth, float[] Scores) Thirteen()
    {
        var random = new Random(13);
        var truth = new List<int>();
        var scores = new List<float>();
        for (var i = 0; i < 13; i++)
        {
            for (var k = 0; k < 60; k++)
            {
                truth.Add(i);
                scores.AddRange(Neighbours(i, 13, random));
            }
        }

        var bin = new List<float>();
        for (var k = 0; k < 500; k++)
        {
            bin.AddRange(Neighbours(random.Next(13) % 7, 13, random));
        }

        return (EstimatesBuilder.Build([.. truth], [.. scores], 13, "simulated"), [.. bin], [.. truth], [.. scores]);
    }

    // A classifier whose rows put most of their mass on the true class and its two neighbours (on a ring).
    private static float[] Neighbours(int trueClass, int classes, Random random)
    {
        var logits = new double[classes];
        for (var j = 0; j < classes; j++)
        {
            logits[j] = (0.6 * Simulation.Normal(random)) - 1.5;
        }

        var shift = 1.2 * Simulation.Normal(random);
        logits[trueClass] += 3.0;
        logits[(trueClass + 1) % classes] += 1.5 + shift;
        logits[(trueClass + classes - 1) % classes] += 1.5 - shift;
        return Simulation.Softmax(logits);
    }
}
