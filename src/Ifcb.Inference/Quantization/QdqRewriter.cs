using Onnx;

namespace Ifcb.Inference.Quantization;

/// <summary>
/// Rewrites a float graph into QDQ form: each planned activation gets <c>QuantizeLinear -> DequantizeLinear</c>
/// right after it is produced, and its consumers read the dequantized copy; each convolution reads
/// <c>DequantizeLinear</c>(int8 weights) and <c>DequantizeLinear</c>(int32 bias).
/// </summary>
internal sealed class QdqRewriter
{
    private readonly GraphProto _graph;
    private readonly QuantizationOptions _options;
    private readonly Dictionary<string, (float Scale, byte ZeroPoint)> _activations = [];
    private readonly Dictionary<string, string> _dequantized = [];
    private readonly Dictionary<string, string> _original = [];
    private readonly Dictionary<string, (string Name, float[] Scales)> _weights = [];
    private readonly Dictionary<string, TensorProto> _initializers;
    private readonly List<NodeProto> _nodes = [];

    public QdqRewriter(GraphProto graph, QdqPlan plan, IReadOnlyDictionary<string, (float Min, float Max)> ranges, QuantizationOptions options)
    {
        _graph = graph;
        _options = options;
        _initializers = graph.Initializer.ToDictionary(t => t.Name);
        foreach (var tensor in plan.Tensors)
        {
            var (min, max) = ranges[plan.SharedWith.GetValueOrDefault(tensor, tensor)];
            _activations[tensor] = ActivationParameters(min, max);
        }
    }

    /// <summary>Rewrites the graph in place; returns the number of convolutions given int8 weights.</summary>
    public int Rewrite()
    {
        var convolutions = 0;
        foreach (var input in _graph.Input.Where(i => _activations.ContainsKey(i.Name)))
        {
            AddQdq(input.Name);
        }

        foreach (var node in _graph.Node)
        {
            for (var i = 0; i < node.Input.Count; i++)
            {
                if (_dequantized.TryGetValue(node.Input[i], out var copy))
                {
                    node.Input[i] = copy;
                }
            }

            if (node.OpType == "Conv" && QuantizeConvolution(node))
            {
                convolutions++;
            }

            _nodes.Add(node);
            foreach (var output in node.Output.Where(_activations.ContainsKey))
            {
                AddQdq(output);
            }
        }

        _graph.Node.Clear();
        _graph.Node.AddRange(_nodes);
        return convolutions;
    }

    /// <summary>uint8 affine parameters covering [min, max] and zero (so that zero and ReLU outputs are exact).</summary>
    internal static (float Scale, byte ZeroPoint) ActivationParameters(float min, float max)
    {
        min = Math.Min(min, 0f);
        max = Math.Max(max, 0f);
        var scale = (max - min) / 255f;
        if (!(scale > 1e-12f) || !float.IsFinite(scale))
        {
            return (1f, 0);
        }

        return (scale, (byte)Math.Clamp(MathF.Round(-min / scale), 0, 255));
    }

    private void AddQdq(string value)
    {
        var (scale, zeroPoint) = _activations[value];
        var scaleName = value + "_scale";
        var zeroName = value + "_zero_point";
        _graph.Initializer.Add(OnnxTensors.Floats(scaleName, [scale]));
        _graph.Initializer.Add(OnnxTensors.UInt8(zeroName, [zeroPoint]));
        var quantize = new NodeProto { OpType = "QuantizeLinear", Name = value + "_QuantizeLinear" };
        quantize.Input.AddRange([value, scaleName, zeroName]);
        quantize.Output.Add(value + "_quantized");
        var dequantize = new NodeProto { OpType = "DequantizeLinear", Name = value + "_DequantizeLinear" };
        dequantize.Input.AddRange([value + "_quantized", scaleName, zeroName]);
        dequantize.Output.Add(value + "_dequantized");
        _nodes.Add(quantize);
        _nodes.Add(dequantize);
        _dequantized[value] = value + "_dequantized";
        _original[value + "_dequantized"] = value;
    }

    // Int8 per-output-channel weights and an int32 bias on the scale input x weight; needs the input's scale.
    private bool QuantizeConvolution(NodeProto conv)
    {
        if (!_original.TryGetValue(conv.Input[0], out var input) || !_initializers.TryGetValue(conv.Input[1], out var weightProto))
        {
            return false; // left float: still correct, just not an integer kernel
        }

        if (!_weights.TryGetValue(conv.Input[1], out var weights))
        {
            _weights[conv.Input[1]] = weights = QuantizeWeights(weightProto);
        }

        var channels = weights.Scales.Length;
        conv.Input[1] = weights.Name;
        if (conv.Input.Count > 2 && conv.Input[2].Length > 0 && _initializers.TryGetValue(conv.Input[2], out var biasProto))
        {
            var inputScale = _activations[input].Scale;
            var bias = OnnxTensors.ReadFloats(biasProto);
            var biasScales = new float[channels];
            var biasQuantized = new int[channels];
            for (var c = 0; c < channels; c++)
            {
                biasScales[c] = inputScale * weights.Scales[c];
                biasQuantized[c] = (int)Math.Clamp(Math.Round((double)bias[c] / biasScales[c]), int.MinValue, int.MaxValue);
            }

            var biasName = conv.Output[0] + "_conv_bias";
            _graph.Initializer.Add(OnnxTensors.Int32(biasName + "_quantized", biasQuantized, channels));
            _graph.Initializer.Add(OnnxTensors.Floats(biasName + "_scale", biasScales, channels));
            _graph.Initializer.Add(OnnxTensors.Int32(biasName + "_zero_point", new int[channels], channels));
            conv.Input[2] = Dequantize(biasName);
        }

        return true;
    }

    private (string Name, float[] Scales) QuantizeWeights(TensorProto weightProto)
    {
        var weights = OnnxTensors.ReadFloats(weightProto);
        var channels = (int)weightProto.Dims[0];
        var perChannel = weights.Length / channels;
        var qmax = _options.ReduceRange ? 63 : 127;
        var scales = new float[channels];
        var quantized = new sbyte[weights.Length];
        for (var c = 0; c < channels; c++)
        {
            var span = weights.AsSpan(c * perChannel, perChannel);
            var absMax = 0f;
            foreach (var w in span)
            {
                absMax = Math.Max(absMax, Math.Abs(w));
            }

            scales[c] = absMax > 0 ? absMax / qmax : 1f;
            for (var i = 0; i < perChannel; i++)
            {
                quantized[(c * perChannel) + i] = (sbyte)Math.Clamp(MathF.Round(span[i] / scales[c]), -qmax, qmax);
            }
        }

        var name = weightProto.Name;
        _graph.Initializer.Add(OnnxTensors.Int8(name + "_quantized", quantized, [.. weightProto.Dims]));
        _graph.Initializer.Add(OnnxTensors.Floats(name + "_scale", scales, channels));
        _graph.Initializer.Add(OnnxTensors.Int8(name + "_zero_point", new sbyte[channels], channels));
        return (Dequantize(name), scales);
    }

    // Per-output-channel (axis 0) DequantizeLinear of the constant `name`_quantized.
    private string Dequantize(string name)
    {
        var node = new NodeProto { OpType = "DequantizeLinear", Name = name + "_DequantizeLinear" };
        node.Input.AddRange([name + "_quantized", name + "_scale", name + "_zero_point"]);
        node.Output.Add(name + "_dequantized");
        node.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 0 });

        _nodes.Add(node);
        return name + "_dequantized";
    }
}
