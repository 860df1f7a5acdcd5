using Ifcb.Evaluation;
using Ifcb.Evaluation.IO;

namespace Ifcb.Evaluation.Tests;

/// <summary>
/// Seeded synthetic validation sets: imbalanced classes (a few large, many small, as IFCB training sets are), noisy
/// logits, and a softmax sharpened by <c>overconfidence</c> so that temperature scaling has something to fix.
/// </summary>
internal static class SyntheticEvaluation
{
    public static EvaluationInput Create(int classes, int items, int seed = 1, double overconfidence = 2.0, bool withEpochs = true)
    {
        var random = new Random(seed);
        var labels = Enumerable.Range(0, classes).Select(c => c % 7 == 3 ? $"Class_{c:000}_with_a_long_name" : $"Class_{c:000}").ToArray();
        // Zipf-like class frequencies.
        var weights = Enumerable.Range(1, classes).Select(r => 1.0 / r).ToArray();
        var total = weights.Sum();
        var truth = new int[items];
        var scores = new float[items * classes];
        var logits = new double[classes];
        for (var i = 0; i < items; i++)
        {
            var u = random.NextDouble() * total;
            var t = 0;
            while (t < classes - 1 && (u -= weights[t]) > 0)
            {
                t++;
            }

            truth[i] = t;
            for (var c = 0; c < classes; c++)
            {
                logits[c] = Normal(random);
            }

            // Class-specific separability, so that per-class F1 spreads as in real data.
            logits[t] += 1.2 + (2.5 * ((t * 37 % 11) / 10.0)) + (0.8 * Normal(random));
            var max = logits.Max();
            var sum = logits.Sum(l => Math.Exp(overconfidence * (l - max)));
            for (var c = 0; c < classes; c++)
            {
                scores[(i * classes) + c] = (float)(Math.Exp(overconfidence * (logits[c] - max)) / sum);
            }
        }

        var epochs = withEpochs
            ? Enumerable.Range(1, 20).Select(e => new EpochRecord(e, 2.5 * Math.Exp(-e / 5.0) + 0.2, 2.3 * Math.Exp(-e / 6.0) + 0.35 + (e > 14 ? 0.02 * (e - 14) : 0), 0.5 + (0.35 * (1 - Math.Exp(-e / 4.0))), 0.4 + (0.3 * (1 - Math.Exp(-e / 4.0))), 0.45 + (0.38 * (1 - Math.Exp(-e / 4.0))), 1e-3, 60)).ToArray()
            : null;
        return new EvaluationInput
        {
            ClassLabels = labels,
            TrueClasses = truth,
            Scores = scores,
            ItemNames = Enumerable.Range(0, items).Select(i => $"D20240101T000000_IFCB1_{i + 1:00000}").ToArray(),
            Epochs = epochs,
        };
    }

    private static double Normal(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
