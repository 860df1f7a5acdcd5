using Ifcb.Datasets;

namespace Ifcb.Training.Loop;

/// <summary>A finished run, as <see cref="IRunObserver.TrainingFinished"/> receives it.</summary>
/// <param name="RunFolder">The run folder: weights, card (<c>model.json</c>), <c>epochs.csv</c>, <c>validation_predictions.csv</c>.</param>
/// <param name="State">The final state (best epoch and its metrics).</param>
/// <param name="Dataset">The data set the run trained on.</param>
/// <param name="Split">The training/validation split.</param>
public sealed record TrainingFinishedContext(string RunFolder, TrainingState State, Dataset Dataset, Split Split);
