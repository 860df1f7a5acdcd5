using Ifcb.Inference.Preprocessing;

namespace Ifcb.Inference.Tests.Support;

/// <summary>
/// A test stand-in for the shared preprocessing: nearest-neighbour stretch to S x S, [0,1], gray copied to 3 channels.
/// The pipeline tests need a deterministic, thread-safe preprocessor, not a faithful one.
/// </summary>
internal sealed class NearestPreprocessor(int size) : IRoiPreprocessor
{
    public int ItemLength => 3 * size * size;

    public void Preprocess(ReadOnlySpan<byte> pixels, int width, int height, Span<float> destination)
    {
        var plane = size * size;
        for (var y = 0; y < size; y++)
        {
            var sy = y * height / size;
            for (var x = 0; x < size; x++)
            {
                var v = pixels[(sy * width) + (x * width / size)] / 255f;
                destination[(y * size) + x] = v;
                destination[plane + (y * size) + x] = v;
                destination[(2 * plane) + (y * size) + x] = v;
            }
        }
    }

    /// <summary>The per-channel means the model's GlobalAveragePool will see for this ROI.</summary>
    public double[] Means(ReadOnlySpan<byte> pixels, int width, int height)
    {
        var buffer = new float[ItemLength];
        Preprocess(pixels, width, height, buffer);
        var plane = size * size;
        return [.. Enumerable.Range(0, 3).Select(c => buffer.AsSpan(c * plane, plane).ToArray().Select(v => (double)v).Average())];
    }
}
