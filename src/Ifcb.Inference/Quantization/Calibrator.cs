using System.Numerics;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Ifcb.Inference.Quantization;

/// <summary>One batch of preprocessed calibration images: <see cref="Count"/> items laid out as the model's input.</summary>
/// <param name="Input">Floats, item after item (channels x size x size each).</param>
/// <param name="Count">Items in the batch.</param>
public readonly record struct CalibrationBatch(float[] Input, int Count);

/// <summary>
/// Measures the range (minimum and maximum) of chosen activations by running the float model on calibration
/// images with those activations exposed as extra graph outputs.
/// </summary>
internal static class Calibrator
{
    // Values kept per tensor and batch for the percentile estimate (evenly strided through the batch).
    private const int SamplePerBatch = 16384;

    /// <summary>
    /// The range of each tensor: the minimum and maximum when <paramref name="percentile"/> is 100, otherwise the
    /// given upper and lower percentiles of a strided sample (which ignores rare outliers that would otherwise
    /// stretch the 256 levels over values that hardly occur).
    /// </summary>
    public static Dictionary<string, (float Min, float Max)> Measure(ModelProto model, IReadOnlyCollection<string> tensors,
        IEnumerable<CalibrationBatch> batches, double percentile, out int images)
    {
        var probe = model.Clone();
        var existing = probe.Graph.Output.Select(o => o.Name).ToHashSet();
        foreach (var name in tensors.Where(t => !existing.Contains(t)))
        {
            probe.Graph.Output.Add(new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        }

        var input = model.Graph.Input.First(i => model.Graph.Initializer.All(t => t.Name != i.Name));
        var dims = input.Type.TensorType.Shape.Dim.Skip(1).Select(d => d.DimValue).ToArray();
        var itemLength = (int)dims.Aggregate(1L, (a, b) => a * b);
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC };
        using var session = new InferenceSession(probe.ToByteArray(), options);
        using var runOptions = new RunOptions();
        var names = tensors.ToArray();
        var ranges = names.ToDictionary(n => n, _ => (Min: float.PositiveInfinity, Max: float.NegativeInfinity));
        var samples = names.ToDictionary(n => n, _ => new List<float>());
        var usePercentile = percentile < 100;
        images = 0;
        foreach (var batch in batches)
        {
            if (batch.Count <= 0)
            {
                continue;
            }

            long[] shape = [batch.Count, .. dims];
            using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, batch.Input.AsMemory(0, batch.Count * itemLength), shape);
            using var results = session.Run(runOptions, [input.Name], [value], names);
            for (var i = 0; i < names.Length; i++)
            {
                var values = results[i].GetTensorDataAsSpan<float>();
                var (min, max) = MinMax(values);
                var range = ranges[names[i]];
                ranges[names[i]] = (Math.Min(range.Min, min), Math.Max(range.Max, max));
                if (usePercentile)
                {
                    var sample = samples[names[i]];
                    var stride = Math.Max(1, values.Length / SamplePerBatch);
                    for (var k = 0; k < values.Length; k += stride)
                    {
                        sample.Add(values[k]);
                    }
                }
            }

            images += batch.Count;
        }

        if (images == 0)
        {
            throw new InvalidOperationException("no calibration images: quantization needs representative ROIs to measure activation ranges");
        }

        if (usePercentile)
        {
            foreach (var name in names)
            {
                var sample = samples[name];
                sample.Sort();
                var upper = sample[Math.Clamp((int)Math.Ceiling(percentile / 100 * sample.Count) - 1, 0, sample.Count - 1)];
                var lower = sample[Math.Clamp((int)Math.Floor((1 - (percentile / 100)) * sample.Count), 0, sample.Count - 1)];
                ranges[name] = (lower, upper);
            }
        }

        return ranges;
    }

    private static (float Min, float Max) MinMax(ReadOnlySpan<float> values)
    {
        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        var i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<float>.Count)
        {
            var vmin = new Vector<float>(float.PositiveInfinity);
            var vmax = new Vector<float>(float.NegativeInfinity);
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(values[i..]);
                vmin = Vector.Min(vmin, v);
                vmax = Vector.Max(vmax, v);
            }

            for (var k = 0; k < Vector<float>.Count; k++)
            {
                min = Math.Min(min, vmin[k]);
                max = Math.Max(max, vmax[k]);
            }
        }

        for (; i < values.Length; i++)
        {
            min = Math.Min(min, values[i]);
            max = Math.Max(max, values[i]);
        }

        return (min, max);
    }
}
