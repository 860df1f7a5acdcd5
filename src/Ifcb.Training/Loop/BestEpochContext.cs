using Ifcb.Datasets;
using Ifcb.Imaging;
using Ifcb.Training.Models;

namespace Ifcb.Training.Loop;

/// <summary>A new best epoch, as <see cref="IRunObserver.BestEpoch"/> receives it.</summary>
/// <param name="Model">The model, with the epoch's weights (do not dispose).</param>
/// <param name="Dataset">The data set the run trains on.</param>
/// <param name="Split">The training/validation split.</param>
/// <param name="Result">The epoch's metrics.</param>
/// <param name="ValidationIndices">For each row of <paramref name="Probabilities"/>, its index in <see cref="Split.Validation"/>.</param>
/// <param name="Probabilities">Softmax scores per validation image, in loader order.</param>
/// <param name="Truth">True class index per validation image, in the same order.</param>
/// <param name="InputSize">The model's input size in pixels.</param>
/// <param name="Preprocess">The preprocessing the model was trained with.</param>
public sealed record BestEpochContext(
    ClassifierModule Model,
    Dataset Dataset,
    Split Split,
    EpochResult Result,
    IReadOnlyList<int> ValidationIndices,
    float[][] Probabilities,
    int[] Truth,
    int InputSize,
    PreprocessOptions Preprocess);
