using Ifcb.Evaluation.Thresholds;

namespace Ifcb.Evaluation.Tests.Thresholds;

public sealed class ThresholdAnalysisTests
{
    // Class 0 wins items 0-3 with scores 0.3 (wrong), 0.6, 0.8, 0.95 (right); item 4 is a class-0 item that class 1
    // wins with 0.7. Class 1 also wins items 5 (0.9, right) and 6 (0.9, wrong: truly class 0).
    private static EvaluationInput Constructed() => Inputs.FromScores(
        [1, 0, 0, 0, 0, 1, 0],
        [
            [0.3f, 0.2f, 0.2f],
            [0.6f, 0.4f, 0f],
            [0.8f, 0.2f, 0f],
            [0.95f, 0.05f, 0f],
            [0.3f, 0.7f, 0f],
            [0.1f, 0.9f, 0f],
            [0.1f, 0.9f, 0f],
        ]);

    [Fact]
    public void Target_precision_picks_the_smallest_threshold_that_reaches_it()
    {
        // Given the constructed case (the third column only pads the first row; class 2 never wins)
        var input = Constructed();

        // When thresholds aim at precision 1.0
        var analysis = ThresholdAnalysis.Compute(input, targetPrecision: 1.0);

        // Then class 0 needs 0.31 (just above the wrong 0.3); by hand at 0.31: kept 3 of 4 winners, all right,
        // recall 3 of 5 true class-0 items, F1 = 6 / (6 + 0 + 2) = 0.75
        var c0 = analysis.Chosen[0];
        Assert.Equal(0.31, c0.Threshold, 12);
        Assert.True(c0.ReachedTarget);
        Assert.Equal(1.0, c0.Precision);
        Assert.Equal(0.6, c0.Recall, 12);
        Assert.Equal(0.75, c0.F1, 12);
        Assert.Equal(0.75, c0.Coverage, 12);

        // and class 1 can never be cleaner than 1/2 (items 5 and 6 tie at 0.9): flagged, and the F1-maximising
        // threshold is used: at 0 -> tp 1, fp 2, fn 1, F1 = 2/5; from 0.71 (drops the wrong 0.7) -> F1 = 2/4
        var c1 = analysis.Chosen[1];
        Assert.False(c1.ReachedTarget);
        Assert.Equal(0.71, c1.Threshold, 12);
        Assert.Equal(0.5, c1.F1, 12);
    }

    [Fact]
    public void Max_f1_rule_drops_the_low_scoring_false_positive()
    {
        // Given the constructed case, When thresholds maximise F1
        var analysis = ThresholdAnalysis.Compute(Constructed(), rule: ThresholdRule.MaximiseF1);

        // Then for class 0: at 0 -> tp 3, fp 1, fn 2, F1 = 6/9; from 0.31 to 0.60 -> F1 = 6/8: the lowest such, 0.31
        Assert.Equal(0.31, analysis.Chosen[0].Threshold, 12);
        Assert.Equal(0.75, analysis.Chosen[0].F1, 12);
    }

    [Fact]
    public void Overall_curve_and_operating_point()
    {
        // Given the constructed case (winners: 0.3 x, 0.6 v, 0.8 v, 0.95 v, 0.7 x, 0.9 v, 0.9 x)
        var analysis = ThresholdAnalysis.Compute(Constructed(), targetPrecision: 0.75);

        // Then at 0 all 7 are kept with 4 right; at 0.5 six kept (4 right); precision first reaches 0.75 at 0.71
        // (kept 0.8 v, 0.95 v, 0.9 v, 0.9 x)
        Assert.Equal(1.0, analysis.Overall.Coverage[0]);
        Assert.Equal(4.0 / 7, analysis.Overall.Precision[0]!.Value, 12);
        Assert.Equal(6, analysis.Overall.Kept[50]);
        Assert.Equal(0.71, analysis.OperatingThreshold!.Value, 12);
        Assert.Equal(4.0 / 7, analysis.OperatingCoverage!.Value, 12);
        Assert.Equal(0.75, analysis.OperatingPrecision!.Value, 12);
        Assert.Null(analysis.Overall.Precision[100]);
    }

    [Fact]
    public void Items_below_their_class_threshold_become_unclassified()
    {
        // Given thresholds 0.6 for class 0 and 0.9 for class 1 (a score equal to its threshold is kept)
        var assigned = ThresholdAnalysis.Apply(Constructed(), [0.6, 0.9, 0.5]);

        // Then only winners reaching their class's threshold keep their class
        Assert.Equal([-1, 0, 0, 0, -1, 1, 1], assigned);
    }
}
