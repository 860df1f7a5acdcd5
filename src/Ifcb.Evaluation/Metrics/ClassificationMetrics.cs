namespace Ifcb.Evaluation.Metrics;

/// <summary>
/// Single-label multi-class metrics with scikit-learn's conventions (<c>zero_division=0</c>): a ratio whose
/// denominator is zero is 0. Macro averages run over the classes present in the truth or the predictions (sklearn's
/// <c>labels=None</c>); weighted averages weight by support; micro averages pool all decisions.
/// </summary>
public sealed class ClassificationMetrics
{
    /// <summary>The fraction of items whose prediction is the true class.</summary>
    public required double Accuracy { get; init; }

    /// <summary>Top-k accuracy for k = 1, 3, 5 (where k &lt;= C): the true class is among the k highest scores.</summary>
    public required IReadOnlyDictionary<int, double> TopKAccuracy { get; init; }

    /// <summary>Mean negative log-likelihood of the true class (rows renormalised, clipped to [1e-15, 1 - 1e-15]).</summary>
    public required double LogLoss { get; init; }

    /// <summary>Support-weighted mean F1.</summary>
    public required double F1Weighted { get; init; }

    /// <summary>Unweighted mean F1 over the classes present.</summary>
    public required double F1Macro { get; init; }

    /// <summary>Micro F1 (equals accuracy for single-label data).</summary>
    public required double F1Micro { get; init; }

    /// <summary>Support-weighted mean precision.</summary>
    public required double PrecisionWeighted { get; init; }

    /// <summary>Macro precision.</summary>
    public required double PrecisionMacro { get; init; }

    /// <summary>Micro precision.</summary>
    public required double PrecisionMicro { get; init; }

    /// <summary>Support-weighted mean recall.</summary>
    public required double RecallWeighted { get; init; }

    /// <summary>Macro recall.</summary>
    public required double RecallMacro { get; init; }

    /// <summary>Micro recall.</summary>
    public required double RecallMicro { get; init; }

    /// <summary>Integer counts, rows = true class, columns = predicted class.</summary>
    public required int[][] ConfusionMatrix { get; init; }

    /// <summary>Per-class metrics, in class-index order.</summary>
    public required IReadOnlyList<ClassMetrics> PerClass { get; init; }

    /// <summary>Computes every metric from true and predicted class indices, and scores (for top-k and log loss).</summary>
    public static ClassificationMetrics Compute(EvaluationInput input, int[]? predicted = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        predicted ??= input.PredictedClasses();
        var c = input.ClassCount;
        var confusion = new int[c][];
        for (var i = 0; i < c; i++)
        {
            confusion[i] = new int[c];
        }

        for (var i = 0; i < input.Count; i++)
        {
            confusion[input.TrueClasses[i]][predicted[i]]++;
        }

        var summary = FromConfusion(confusion, input.ClassLabels);
        var topK = new SortedDictionary<int, double>();
        foreach (var k in new[] { 1, 3, 5 }.Where(k => k <= c))
        {
            topK[k] = TopK(input, k);
        }

        return new ClassificationMetrics
        {
            Accuracy = summary.Accuracy,
            TopKAccuracy = topK,
            LogLoss = LogLossOf(input),
            F1Weighted = summary.F1Weighted,
            F1Macro = summary.F1Macro,
            F1Micro = summary.Accuracy,
            PrecisionWeighted = summary.PrecisionWeighted,
            PrecisionMacro = summary.PrecisionMacro,
            PrecisionMicro = summary.Accuracy,
            RecallWeighted = summary.RecallWeighted,
            RecallMacro = summary.RecallMacro,
            RecallMicro = summary.Accuracy,
            ConfusionMatrix = confusion,
            PerClass = summary.PerClass,
        };
    }

    /// <summary>
    /// Accuracy, macro F1 and weighted F1 from class indices alone: the one definition that training (<c>epochs.csv</c>,
    /// <c>--early-stop f1</c>, the model card) and evaluation share. Macro F1 averages over the classes present in the
    /// truth or the predictions, as everywhere here (a class with no validation image that is never predicted does not
    /// count as an F1 of 0).
    /// </summary>
    public static HeadlineMetrics Headline(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int classes)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        var tp = new int[classes];
        var fp = new int[classes];
        var fn = new int[classes];
        for (var i = 0; i < truth.Count; i++)
        {
            if (truth[i] == predicted[i])
            {
                tp[truth[i]]++;
            }
            else
            {
                fn[truth[i]]++;
                fp[predicted[i]]++;
            }
        }

        var summary = FromCounts(tp, fp, fn, null);
        return new HeadlineMetrics(summary.Accuracy, summary.F1Macro, summary.F1Weighted);
    }

    /// <summary>Per-class and averaged precision/recall/F1 from per-class true-positive, false-positive and false-negative counts.</summary>
    internal static Summary FromCounts(ReadOnlySpan<int> tp, ReadOnlySpan<int> fp, ReadOnlySpan<int> fn, IReadOnlyList<string>? labels)
    {
        var c = tp.Length;
        var perClass = labels is null ? null : new ClassMetrics[c];
        var f1s = new double[c];
        long total = 0, correct = 0;
        double pw = 0, rw = 0, fw = 0, pm = 0, rm = 0, fm = 0;
        var present = 0;
        for (var k = 0; k < c; k++)
        {
            var support = tp[k] + fn[k];
            var predictedCount = tp[k] + fp[k];
            var precision = Ratio(tp[k], predictedCount);
            var recall = Ratio(tp[k], support);
            var f1 = Ratio(2.0 * tp[k], (2.0 * tp[k]) + fp[k] + fn[k]);
            f1s[k] = f1;
            total += support;
            correct += tp[k];
            pw += precision * support;
            rw += recall * support;
            fw += f1 * support;
            if (support > 0 || predictedCount > 0)
            {
                present++;
                pm += precision;
                rm += recall;
                fm += f1;
            }

            if (perClass is not null)
            {
                perClass[k] = new ClassMetrics(labels![k], support, predictedCount, precision, recall, f1);
            }
        }

        return new Summary(
            Ratio(correct, total),
            Ratio(pw, total),
            Ratio(pm, present),
            Ratio(rw, total),
            Ratio(rm, present),
            Ratio(fw, total),
            Ratio(fm, present),
            f1s,
            perClass ?? []);
    }

    private static Summary FromConfusion(int[][] confusion, IReadOnlyList<string> labels)
    {
        var c = confusion.Length;
        var tp = new int[c];
        var fp = new int[c];
        var fn = new int[c];
        for (var t = 0; t < c; t++)
        {
            for (var p = 0; p < c; p++)
            {
                if (t == p)
                {
                    tp[t] += confusion[t][p];
                }
                else
                {
                    fn[t] += confusion[t][p];
                    fp[p] += confusion[t][p];
                }
            }
        }

        return FromCounts(tp, fp, fn, labels);
    }

    /// <summary>The fraction of items whose true class is among the <paramref name="k"/> highest scores.</summary>
    public static double TopK(EvaluationInput input, int k)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Count == 0)
        {
            return 0;
        }

        var hits = 0;
        for (var i = 0; i < input.Count; i++)
        {
            var row = input.Row(i);
            var target = row[input.TrueClasses[i]];
            var better = 0;
            foreach (var s in row)
            {
                if (s > target)
                {
                    better++;
                }
            }

            // Ties with the true class count in its favour, as scikit-learn's top_k_accuracy_score.
            if (better < k)
            {
                hits++;
            }
        }

        return (double)hits / input.Count;
    }

    private static double LogLossOf(EvaluationInput input)
    {
        if (input.Count == 0)
        {
            return 0;
        }

        const double Eps = 1e-15;
        double sum = 0;
        for (var i = 0; i < input.Count; i++)
        {
            var row = input.Row(i);
            double total = 0;
            foreach (var s in row)
            {
                total += s;
            }

            var p = total > 0 ? row[input.TrueClasses[i]] / total : 0;
            sum -= Math.Log(Math.Clamp(p, Eps, 1 - Eps));
        }

        return sum / input.Count;
    }

    private static double Ratio(double numerator, double denominator) => denominator > 0 ? numerator / denominator : 0;

    /// <summary>The count-derived part of the metrics (shared with the bootstrap).</summary>
    internal sealed record Summary(
        double Accuracy,
        double PrecisionWeighted,
        double PrecisionMacro,
        double RecallWeighted,
        double RecallMacro,
        double F1Weighted,
        double F1Macro,
        double[] F1PerClass,
        ClassMetrics[] PerClass);
}
