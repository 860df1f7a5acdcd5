using Ifcb.Evaluation.Metrics;

namespace Ifcb.Evaluation.Tests.Metrics;

/// <summary>
/// Expected values are the ones published in scikit-learn's documentation examples for the same inputs
/// (f1_score, precision_score, recall_score, confusion_matrix, log_loss, top_k_accuracy_score), or computed by hand.
/// </summary>
public sealed class ClassificationMetricsTests
{
    [Fact]
    public void Matches_the_scikit_learn_f1_precision_recall_documentation_example()
    {
        // Given sklearn's example: y_true = [0, 1, 2, 0, 1, 2], y_pred = [0, 2, 1, 0, 0, 1]
        var input = Inputs.FromPredictions([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], 3);

        // When the metrics are computed
        var m = ClassificationMetrics.Compute(input);

        // Then they equal the published values
        Assert.Equal(0.26666666666666666, m.F1Macro, 12);
        Assert.Equal(0.33333333333333333, m.F1Micro, 12);
        Assert.Equal(0.26666666666666666, m.F1Weighted, 12);
        Assert.Equal([0.8, 0, 0], m.PerClass.Select(p => Math.Round(p.F1, 12)));
        Assert.Equal(0.2222222222222222, m.PrecisionMacro, 12);
        Assert.Equal(0.2222222222222222, m.PrecisionWeighted, 12);
        Assert.Equal([0.666666666667, 0, 0], m.PerClass.Select(p => Math.Round(p.Precision, 12)));
        Assert.Equal(0.3333333333333333, m.RecallMacro, 12);
        Assert.Equal([1.0, 0, 0], m.PerClass.Select(p => p.Recall));
        Assert.Equal(1.0 / 3, m.Accuracy, 12);
    }

    [Fact]
    public void Training_headline_macro_F1_equals_the_report_when_a_class_has_no_validation_image()
    {
        // Given four classes where class 3 has no item in the truth and is never predicted (a class too small to be
        // in the validation split)
        int[] truth = [0, 0, 1, 1, 2, 2];
        int[] predicted = [0, 1, 1, 1, 2, 0];
        var input = Inputs.FromPredictions(truth, predicted, 4);

        // When training's per-epoch figures and the evaluation report are computed
        var headline = ClassificationMetrics.Headline(truth, predicted, 4);
        var report = ClassificationMetrics.Compute(input);

        // Then they agree, and the absent class does not count as an F1 of 0 (mean over the 3 present classes)
        Assert.Equal(report.F1Macro, headline.F1Macro, 15);
        Assert.Equal(report.F1Weighted, headline.F1Weighted, 15);
        Assert.Equal(report.Accuracy, headline.Accuracy, 15);
        var perClass = report.PerClass.Take(3).Select(p => p.F1).ToArray();
        Assert.Equal(perClass.Average(), headline.F1Macro, 12);
        Assert.NotEqual(perClass.Sum() / 4, headline.F1Macro, 6);
    }

    [Fact]
    public void Zero_division_gives_zero_as_scikit_learn_zero_division_0()
    {
        // Given sklearn's zero_division example: y_pred = [0, 0, 0, 0, 0, 0] (classes 1 and 2 never predicted)
        var input = Inputs.FromPredictions([0, 1, 2, 0, 1, 2], [0, 0, 0, 0, 0, 0], 3);

        // When the metrics are computed
        var m = ClassificationMetrics.Compute(input);

        // Then precision_score(..., average=None, zero_division=0) = [0.333, 0, 0]
        Assert.Equal([0.333333333333, 0, 0], m.PerClass.Select(p => Math.Round(p.Precision, 12)));
        // and by hand: F1 of class 0 = 2*2 / (2*2 + 4 + 0) = 0.5; the others 0; macro = 0.5 / 3
        Assert.Equal([0.5, 0, 0], m.PerClass.Select(p => p.F1));
        Assert.Equal(0.5 / 3, m.F1Macro, 12);
    }

    [Fact]
    public void Classes_absent_from_truth_and_predictions_do_not_dilute_the_macro_average()
    {
        // Given four labels of which the last is never true nor predicted (sklearn labels=None ignores it)
        var input = Inputs.FromPredictions([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], 4);

        // When the metrics are computed
        var m = ClassificationMetrics.Compute(input);

        // Then macro F1 is still sklearn's 0.2667 and the absent class reports zeros with support 0
        Assert.Equal(0.26666666666666666, m.F1Macro, 12);
        Assert.Equal(new ClassMetrics("c3", 0, 0, 0, 0, 0), m.PerClass[3]);
    }

    [Fact]
    public void Confusion_matrix_matches_the_scikit_learn_example()
    {
        // Given sklearn's example: y_true = [2, 0, 2, 2, 0, 1], y_pred = [0, 0, 2, 2, 0, 2]
        var input = Inputs.FromPredictions([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2], 3);

        // When the metrics are computed
        var m = ClassificationMetrics.Compute(input);

        // Then rows are true classes and columns predictions: [[2,0,0],[0,0,1],[1,0,2]]
        Assert.Equal([2, 0, 0], m.ConfusionMatrix[0]);
        Assert.Equal([0, 0, 1], m.ConfusionMatrix[1]);
        Assert.Equal([1, 0, 2], m.ConfusionMatrix[2]);
        Assert.Equal([2, 1, 3], m.PerClass.Select(p => p.Support));
    }

    [Fact]
    public void Log_loss_matches_the_scikit_learn_example()
    {
        // Given sklearn's log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]])
        // (labels sorted: ham = 0, spam = 1)
        var input = Inputs.FromScores([1, 0, 0, 1], [[.1f, .9f], [.9f, .1f], [.8f, .2f], [.35f, .65f]]);

        // When the metrics are computed
        var m = ClassificationMetrics.Compute(input);

        // Then it is the published 0.21616... (float32 inputs: agreement to 1e-7)
        Assert.Equal(0.21616187468057912, m.LogLoss, 7);
    }

    [Fact]
    public void Top_k_accuracy_matches_the_scikit_learn_example()
    {
        // Given sklearn's top_k_accuracy_score example
        var input = Inputs.FromScores([0, 1, 2, 2], [[0.5f, 0.2f, 0.2f], [0.3f, 0.4f, 0.2f], [0.2f, 0.4f, 0.3f], [0.7f, 0.2f, 0.1f]]);

        // When top-2 (and the reported top-1 and top-3) accuracies are computed
        var m = ClassificationMetrics.Compute(input);

        // Then top-2 is 0.75, top-1 equals accuracy (0.5) and top-3 is 1
        Assert.Equal(0.75, ClassificationMetrics.TopK(input, 2));
        Assert.Equal(0.5, m.TopKAccuracy[1]);
        Assert.Equal(1.0, m.TopKAccuracy[3]);
        Assert.False(m.TopKAccuracy.ContainsKey(5));
    }

    [Fact]
    public void Weighted_f1_weights_by_support_hand_computed()
    {
        // Given truth [0,0,0,0,1,1] and predictions [0,0,0,1,1,0]
        // class 0: tp 3, fp 1, fn 1 -> F1 = 6/8 = 0.75; class 1: tp 1, fp 1, fn 1 -> F1 = 2/4 = 0.5
        var input = Inputs.FromPredictions([0, 0, 0, 0, 1, 1], [0, 0, 0, 1, 1, 0], 2);

        // When the metrics are computed
        var m = ClassificationMetrics.Compute(input);

        // Then weighted F1 = (4 * 0.75 + 2 * 0.5) / 6 = 0.666..., macro = 0.625
        Assert.Equal(4.0 / 6, m.F1Weighted, 12);
        Assert.Equal(0.625, m.F1Macro, 12);
    }

    [Fact]
    public void Invalid_input_is_rejected_with_a_reason()
    {
        // Given logits instead of probabilities
        var input = Inputs.FromScores([0], [[-1.5f, 2f]]);

        // When validating, Then the message says what is wrong
        var ex = Assert.Throws<ArgumentException>(input.Validate);
        Assert.Contains("logits", ex.Message);
    }
}
