namespace Ifcb.Inference.Engine;

/// <summary>Runs a batch of preprocessed inputs and returns class probabilities (and optional embeddings).</summary>
public interface IInferenceEngine : IDisposable
{
    /// <summary>A name for progress and errors, e.g. <c>cpu</c> or <c>cuda:1</c>.</summary>
    string Name { get; }

    /// <summary>The model's fixed batch size, or null when the batch dimension is dynamic.</summary>
    int? FixedBatchSize { get; }

    /// <summary>Number of classes (probabilities per item).</summary>
    int ClassCount { get; }

    /// <summary>Length of the embedding per item, or 0 when the model has no <c>features</c> output.</summary>
    int FeatureSize { get; }

    /// <summary>
    /// Runs <paramref name="count"/> items of <paramref name="input"/> (CHW each). For fixed-batch models the buffer
    /// must hold a whole batch: the tail is zero-padded here. Writes count x classes probabilities and, when
    /// <paramref name="features"/> is not empty, count x <see cref="FeatureSize"/> embeddings.
    /// </summary>
    void Run(float[] input, int count, Span<float> probabilities, Span<float> features);
}
