using Onnx;

namespace Ifcb.Inference.Quantization;

/// <summary>
/// Puts a float graph into the shape quantization expects: constants as initializers, batch norms folded into
/// the convolutions before them, nothing unused left behind.
/// </summary>
internal static class GraphPreparation
{
    /// <summary>
    /// Turns <c>Constant</c> nodes and <c>Identity</c> nodes of initializers into initializers. PyTorch's exporter
    /// shares equal tensors (e.g. the all-zero biases of a freshly initialised network) through Identity nodes;
    /// left as they are, a bias would look like an activation.
    /// </summary>
    public static void InlineConstants(GraphProto graph)
    {
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        foreach (var node in graph.Node.ToList())
        {
            TensorProto? value = node.OpType switch
            {
                "Constant" => node.Attribute.FirstOrDefault(a => a.Name == "value")?.T,
                "Identity" => initializers.GetValueOrDefault(node.Input[0]),
                _ => null,
            };
            if (value is null || graph.Output.Any(o => o.Name == node.Output[0]))
            {
                continue;
            }

            var copy = value.Clone();
            copy.Name = node.Output[0];
            graph.Initializer.Add(copy);
            initializers[copy.Name] = copy;
            graph.Node.Remove(node);
        }
    }

    /// <summary>
    /// Folds <c>Conv -> BatchNormalization</c> pairs (inference statistics) into the convolution's weights and bias,
    /// so that quantization sees the weights that are really applied. Models exported by PyTorch in eval mode are
    /// already folded; ours keep batch norm as a node. Returns how many pairs were folded.
    /// </summary>
    public static int FoldBatchNorms(GraphProto graph)
    {
        var folded = 0;
        var index = new GraphIndex(graph);
        foreach (var bn in graph.Node.Where(n => n.OpType == "BatchNormalization").ToList())
        {
            var conv = index.Producer(bn.Input[0]);
            if (conv is null || conv.OpType != "Conv" || index.Consumers(conv.Output[0]).Count != 1 || index.Outputs.Contains(conv.Output[0])
                || bn.Output.Count != 1 || !index.Initializers.ContainsKey(conv.Input[1])
                || !bn.Input.Skip(1).All(index.Initializers.ContainsKey) || index.Consumers(conv.Input[1]).Count != 1)
            {
                continue;
            }

            var epsilon = bn.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
            var gamma = OnnxTensors.ReadFloats(index.Initializers[bn.Input[1]]);
            var beta = OnnxTensors.ReadFloats(index.Initializers[bn.Input[2]]);
            var mean = OnnxTensors.ReadFloats(index.Initializers[bn.Input[3]]);
            var variance = OnnxTensors.ReadFloats(index.Initializers[bn.Input[4]]);
            var weightProto = index.Initializers[conv.Input[1]];
            var weights = OnnxTensors.ReadFloats(weightProto);
            var channels = gamma.Length;
            var perChannel = weights.Length / channels;
            var bias = conv.Input.Count > 2 && conv.Input[2].Length > 0
                ? OnnxTensors.ReadFloats(index.Initializers[conv.Input[2]])
                : new float[channels];
            for (var c = 0; c < channels; c++)
            {
                // Computed in double as PyTorch's fuse_conv_bn_weights does in float: the difference is below 1e-6.
                var factor = gamma[c] / Math.Sqrt(variance[c] + epsilon);
                for (var i = c * perChannel; i < (c + 1) * perChannel; i++)
                {
                    weights[i] = (float)(weights[i] * factor);
                }

                bias[c] = (float)(((bias[c] - mean[c]) * factor) + beta[c]);
            }

            var weightName = weightProto.Name + "_bnfolded";
            var biasName = bn.Output[0] + "_bias";
            graph.Initializer.Add(OnnxTensors.Floats(weightName, weights, [.. weightProto.Dims]));
            graph.Initializer.Add(OnnxTensors.Floats(biasName, bias, channels));
            conv.Input[1] = weightName;
            if (conv.Input.Count > 2)
            {
                conv.Input[2] = biasName;
            }
            else
            {
                conv.Input.Add(biasName);
            }

            conv.Output[0] = bn.Output[0];
            graph.Node.Remove(bn);
            folded++;
        }

        RemoveUnusedInitializers(graph);
        return folded;
    }

    /// <summary>Drops initializers no node reads any more.</summary>
    public static void RemoveUnusedInitializers(GraphProto graph)
    {
        var used = graph.Node.SelectMany(n => n.Input).ToHashSet();
        foreach (var unused in graph.Initializer.Where(t => !used.Contains(t.Name)).ToList())
        {
            graph.Initializer.Remove(unused);
            var input = graph.Input.FirstOrDefault(i => i.Name == unused.Name);
            if (input is not null)
            {
                graph.Input.Remove(input);
            }
        }
    }
}
