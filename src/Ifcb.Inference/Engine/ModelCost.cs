using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Ifcb.Inference.Engine;

/// <summary>
/// Counts the multiply-adds of one image through an ONNX classifier by walking its graph: a convolution costs its
/// output elements x input channels per group x kernel height x width, a Gemm or MatMul its output elements x the
/// inner dimension. Output shapes come from running the model once on one zero image with those outputs exposed.
/// FLOPs are twice the multiply-adds. Int8 models are counted on their float original (same network).
/// </summary>
public static class ModelCost
{
    /// <summary>The multiply-adds of one image through the model at <paramref name="path"/>.</summary>
    public static long MultiplyAdds(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var counted = graph.Node.Where(n => n.OpType is "Conv" or "Gemm" or "MatMul").ToList();
        var exposed = new HashSet<string>(graph.Output.Select(o => o.Name));
        foreach (var node in counted)
        {
            foreach (var name in node.OpType == "Conv" ? [node.Output[0]] : new[] { node.Input[0], node.Output[0] })
            {
                if (!initializers.ContainsKey(name) && exposed.Add(name))
                {
                    graph.Output.Add(new ValueInfoProto
                    {
                        Name = name,
                        Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
                    });
                }
            }
        }

        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(model.ToByteArray(), options);
        var input = session.InputMetadata.First();
        var dims = input.Value.Dimensions.Select(d => d > 0 ? (long)d : 1L).ToArray();
        dims[0] = 1;
        using var value = OrtValue.CreateTensorValueFromMemory(new float[dims.Aggregate(1L, (a, b) => a * b)], dims);
        var names = exposed.ToArray();
        using var run = new RunOptions();
        using var results = session.Run(run, [input.Key], [value], names);
        var shapes = new Dictionary<string, long[]>();
        for (var i = 0; i < names.Length; i++)
        {
            shapes[names[i]] = results[i].GetTensorTypeAndShape().Shape;
        }

        long total = 0;
        foreach (var node in counted)
        {
            var output = shapes[node.Output[0]].Aggregate(1L, (a, b) => a * b);
            if (node.OpType == "Conv")
            {
                var weight = initializers.TryGetValue(node.Input[1], out var w) ? w.Dims.ToArray() : throw new NotSupportedException($"convolution '{node.Name}' has no constant weight");
                total += output * weight.Skip(1).Aggregate(1L, (a, b) => a * b);
            }
            else
            {
                var a = shapes.TryGetValue(node.Input[0], out var shape) ? shape : initializers[node.Input[0]].Dims.ToArray();
                var transA = node.OpType == "Gemm" && node.Attribute.Any(x => x.Name == "transA" && x.I != 0);
                total += output * (transA ? a[^2] : a[^1]);
            }
        }

        return total;
    }
}
