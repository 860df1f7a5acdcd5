using Ifcb.Inference.Engine;
using Ifcb.Inference.Models;

namespace Ifcb.Inference.Quantization;

/// <summary>How closely a quantized model follows its float original on the same images.</summary>
/// <param name="Images">Images compared.</param>
/// <param name="Top1Agreement">Fraction of images whose winning class is the same.</param>
/// <param name="MeanAbsDifference">Mean absolute difference of the class probabilities.</param>
/// <param name="MaxAbsDifference">Largest absolute difference of any class probability.</param>
public sealed record QuantizationCheck(int Images, double Top1Agreement, double MeanAbsDifference, double MaxAbsDifference)
{
    /// <summary>Runs both models on <paramref name="batches"/> and compares their probabilities.</summary>
    public static QuantizationCheck Compare(ModelDescription original, ModelDescription quantized, IEnumerable<CalibrationBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(quantized);
        ArgumentNullException.ThrowIfNull(batches);
        using var a = new OnnxEngine(original, DeviceSpec.Cpu);
        using var b = new OnnxEngine(quantized, DeviceSpec.Cpu);
        var classes = a.ClassCount;
        int images = 0, agree = 0;
        double sum = 0, max = 0;
        float[] pa = [], pb = [];
        foreach (var batch in batches)
        {
            if (pa.Length < batch.Count * classes)
            {
                pa = new float[batch.Count * classes];
                pb = new float[batch.Count * classes];
            }

            a.Run(batch.Input, batch.Count, pa, []);
            b.Run(batch.Input, batch.Count, pb, []);
            for (var i = 0; i < batch.Count; i++)
            {
                var rowA = pa.AsSpan(i * classes, classes);
                var rowB = pb.AsSpan(i * classes, classes);
                agree += ArgMax(rowA) == ArgMax(rowB) ? 1 : 0;
                for (var c = 0; c < classes; c++)
                {
                    var d = Math.Abs(rowA[c] - rowB[c]);
                    sum += d;
                    max = Math.Max(max, d);
                }
            }

            images += batch.Count;
        }

        return images == 0 ? new QuantizationCheck(0, double.NaN, double.NaN, double.NaN)
            : new QuantizationCheck(images, (double)agree / images, sum / ((double)images * classes), max);
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var i = 1; i < row.Length; i++)
        {
            best = row[i] > row[best] ? i : best;
        }

        return best;
    }
}
