namespace Ifcb.Training.Loop;

/// <summary>
/// WHOI's early stopping: an epoch is the best when its score beats every earlier one (validation loss, or minus
/// macro F1 with <c>--early-stop f1</c>); the run stops at the maximum epochs, or after the minimum once the best
/// epoch is <c>--patience</c> epochs behind.
/// </summary>
internal sealed class EarlyStopping(TrainOptions options)
{
    /// <summary>The epoch's score: lower is better.</summary>
    public double Score(double validationLoss, double f1Macro) => options.EarlyStop == EarlyStopMetric.Loss ? validationLoss : -f1Macro;

    /// <summary>True when <paramref name="score"/> beats the best so far.</summary>
    public static bool IsBest(double score, TrainingState state) => score < state.BestScore;

    /// <summary>True when the run ends after <paramref name="epoch"/> (with the best epoch already in <paramref name="state"/>).</summary>
    public bool ShouldStop(int epoch, TrainingState state)
        => epoch >= options.EpochsMax || (epoch >= options.EpochsMin && epoch - state.BestEpoch >= options.Patience);
}
