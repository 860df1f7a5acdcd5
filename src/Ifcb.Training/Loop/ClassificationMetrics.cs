namespace Ifcb.Training.Loop;

/// <summary>Accuracy and F1 (macro, support-weighted) from a confusion matrix, as scikit-learn computes them.</summary>
public sealed class ClassificationMetrics
{
    /// <summary>Computes metrics for true and predicted class indices.</summary>
    public ClassificationMetrics(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int classes)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        var confusion = new long[classes, classes];
        for (var i = 0; i < truth.Count; i++)
        {
            confusion[truth[i], predicted[i]]++;
        }

        long correct = 0;
        double macro = 0, weighted = 0;
        for (var c = 0; c < classes; c++)
        {
            correct += confusion[c, c];
            long support = 0, predictedAs = 0;
            for (var k = 0; k < classes; k++)
            {
                support += confusion[c, k];
                predictedAs += confusion[k, c];
            }

            // F1 = 2TP / (2TP + FP + FN); zero when undefined (scikit-learn's zero_division=0).
            var denominator = support + predictedAs;
            var f1 = denominator == 0 ? 0 : 2.0 * confusion[c, c] / denominator;
            macro += f1;
            weighted += f1 * support;
        }

        Accuracy = truth.Count == 0 ? 0 : (double)correct / truth.Count;
        F1Macro = classes == 0 ? 0 : macro / classes;
        F1Weighted = truth.Count == 0 ? 0 : weighted / truth.Count;
    }

    /// <summary>Share of correct predictions.</summary>
    public double Accuracy { get; }

    /// <summary>Unweighted mean of per-class F1.</summary>
    public double F1Macro { get; }

    /// <summary>Per-class F1 weighted by true-class support.</summary>
    public double F1Weighted { get; }
}
