using Ifcb.Evaluation.Calibration;

namespace Ifcb.Evaluation.Tests.Calibration;

public sealed class CalibrationTests
{
    [Fact]
    public void Expected_calibration_error_hand_computed()
    {
        // Given confidences 0.9, 0.9 (one right) and 0.58, 0.58 (both right), 15 bins
        // 0.9 is in (13/15, 14/15]: accuracy 0.5, confidence 0.9 -> (2/4) * 0.4
        // 0.58 is in (8/15, 9/15]: accuracy 1, confidence 0.58 -> (2/4) * 0.42; ECE = 0.2 + 0.21 = 0.41
        var curve = ReliabilityCurve.Compute([0.9f, 0.9f, 0.58f, 0.58f], [true, false, true, true]);

        // Then
        Assert.Equal(0.41, curve.ExpectedCalibrationError, 6);
        Assert.Equal(15, curve.Bins.Count);
        Assert.Equal(2, curve.Bins[13].Count);
        Assert.Equal(0.5, curve.Bins[13].Accuracy);
        Assert.Equal(2, curve.Bins[8].Count);
        Assert.Equal(4, curve.Bins.Sum(b => b.Count));
    }

    [Fact]
    public void Temperature_has_the_known_optimum_of_a_constructed_case()
    {
        // Given every item scored [0.9, 0.1] while only 75% are truly class 0: the NLL optimum makes the calibrated
        // probability 0.75, i.e. 0.9^b / (0.9^b + 0.1^b) = 0.75 -> b = ln 3 / ln 9 = 0.5 -> T = 2
        var truth = Enumerable.Range(0, 400).Select(i => i % 4 == 3 ? 1 : 0).ToArray();
        var input = Inputs.FromScores(truth, truth.Select(_ => new[] { 0.9f, 0.1f }).ToArray());

        // When fitted
        var t = TemperatureScaling.Fit(input);
        var scaled = TemperatureScaling.Apply(input, t);

        // Then T = 2 and the scaled score is 0.75
        Assert.Equal(2.0, t, 4);
        Assert.Equal(0.75, scaled.Score(0, 0), 4);
        Assert.True(TemperatureScaling.NegativeLogLikelihood(input, t) < TemperatureScaling.NegativeLogLikelihood(input, 1));
    }

    [Fact]
    public void Underconfident_scores_get_a_temperature_below_one()
    {
        // Given [0.6, 0.4] scores that are always right: sharper is always better until the search bound (T = 1/20)
        var input = Inputs.FromScores([0, 0, 0], [[0.6f, 0.4f], [0.6f, 0.4f], [0.6f, 0.4f]]);

        // When fitted
        var t = TemperatureScaling.Fit(input);

        // Then T is at the lower bound of the search
        Assert.Equal(0.05, t, 3);
    }

    [Fact]
    public void Scaling_never_changes_the_winner_and_reduces_ece_of_overconfident_scores()
    {
        // Given a synthetic, overconfident validation set
        var input = SyntheticEvaluation.Create(12, 4000, overconfidence: 3.0, withEpochs: false);

        // When temperature-scaled
        var t = TemperatureScaling.Fit(input);
        var scaled = TemperatureScaling.Apply(input, t);

        // Then T > 1, predictions are unchanged, rows still sum to 1 and calibration improves
        Assert.True(t > 1);
        Assert.Equal(input.PredictedClasses(), scaled.PredictedClasses());
        Assert.Equal(1.0, scaled.Scores.Take(12).Sum(), 4);
        Assert.True(ReliabilityCurve.Compute(scaled).ExpectedCalibrationError < ReliabilityCurve.Compute(input).ExpectedCalibrationError);
    }
}
