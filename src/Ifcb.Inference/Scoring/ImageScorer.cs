using Ifcb.Inference.Engine;
using Ifcb.Inference.Models;
using Ifcb.Inference.Preprocessing;

namespace Ifcb.Inference.Scoring;

/// <summary>
/// Scores a list of loose gray images (a labelled evaluation set, not an archive) with an ONNX model, through
/// the same preprocessing and engine as <c>ifcb classify</c>. Images are loaded lazily, one batch at a time, so
/// memory stays bounded; preprocessing runs in parallel across the batch.
/// </summary>
public static class ImageScorer
{
    /// <summary>
    /// Returns one probability row (softmax with the model's temperature) per item, in input order.
    /// <paramref name="load"/> returns row-major pixels, width and height for item i.
    /// </summary>
    public static float[][] Score(ModelDescription model, int count, Func<int, (byte[] Pixels, int Width, int Height)> load,
        int batchSize = 32, DeviceSpec? device = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(load);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        using var engine = new OnnxEngine(model, device ?? DeviceSpec.Cpu);
        var preprocessor = RoiPreprocessors.For(model);
        var rows = engine.FixedBatchSize ?? batchSize;
        var input = new float[rows * preprocessor.ItemLength];
        var probabilities = new float[rows * engine.ClassCount];
        var result = new float[count][];
        for (var start = 0; start < count; start += rows)
        {
            var n = Math.Min(rows, count - start);
            Parallel.For(0, n, i =>
            {
                var (pixels, width, height) = load(start + i);
                preprocessor.Preprocess(pixels, width, height, input.AsSpan(i * preprocessor.ItemLength, preprocessor.ItemLength));
            });
            engine.Run(input, n, probabilities, []);
            for (var i = 0; i < n; i++)
            {
                result[start + i] = probabilities.AsSpan(i * engine.ClassCount, engine.ClassCount).ToArray();
            }
        }

        return result;
    }
}
