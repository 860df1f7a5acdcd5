using Ifcb.Imaging;

namespace Ifcb.Inference.Preprocessing;

/// <summary>
/// The training code path (<see cref="Preprocessor"/>) seen through <see cref="IRoiPreprocessor"/>: the same resize,
/// scaling and normalisation the model was trained with. Stateless, so safe from several workers.
/// </summary>
public sealed class SharedPreprocessor(PreprocessOptions options) : IRoiPreprocessor
{
    /// <summary>The options applied.</summary>
    public PreprocessOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc/>
    public int ItemLength => Options.TensorLength;

    /// <inheritdoc/>
    public void Preprocess(ReadOnlySpan<byte> pixels, int width, int height, Span<float> destination)
        => Preprocessor.Preprocess(pixels, width, height, Options, destination);
}
