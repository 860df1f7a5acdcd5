namespace Ifcb.Evaluation.IO;

/// <summary>One row of a training run's <c>epochs.csv</c>; a column the file lacks is NaN.</summary>
public sealed record EpochRecord(
    int Epoch,
    double TrainLoss,
    double ValLoss,
    double Accuracy,
    double F1Macro,
    double F1Weighted,
    double LearningRate,
    double Seconds);
