using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Ifcb.Inference.Engine;

/// <summary>Numeric precision of the network's weights and activations (<c>ifcb classify --precision</c>).</summary>
public enum ModelPrecision
{
    /// <summary>The model as stored (float32).</summary>
    Fp32,

    /// <summary>Weights and activations in float16, converted at load; inputs and outputs stay float32.</summary>
    Fp16,
}

/// <summary>
/// Converts a float32 ONNX model to float16 in memory: every float initializer and constant becomes float16, casts
/// to float become casts to float16, a Cast to float16 follows each float input and a Cast back to float precedes each
/// float output, so callers feed and read float32 as before. On CUDA the float16 kernels run; ONNX Runtime's CPU
/// provider wraps the operators it has no float16 kernel for in casts to float (float16 storage, float arithmetic).
/// </summary>
public static class Fp16Converter
{
    private const int Float = (int)TensorProto.Types.DataType.Float;
    private const int Float16 = (int)TensorProto.Types.DataType.Float16;

    // Operator inputs that ONNX requires to be float32 whatever the data type (Resize/Upsample scales).
    private static readonly Dictionary<string, int[]> FloatOnlyInputs = new()
    {
        ["Resize"] = [2],
        ["Upsample"] = [1],
    };

    /// <summary>Reads <paramref name="path"/> and returns the float16 model's bytes.</summary>
    public static byte[] Convert(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        Convert(model);
        return model.ToByteArray();
    }

    /// <summary>Converts <paramref name="model"/> in place; returns how many float tensors became float16.</summary>
    public static int Convert(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = model.Graph;
        if (graph.Node.Any(n => n.Domain is not ("" or "ai.onnx") || n.OpType is "QuantizeLinear" or "DequantizeLinear" or "QLinearConv"))
        {
            throw new NotSupportedException("float16 conversion takes a float model (this one is quantized or uses custom operators)");
        }

        var keepFloat = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            if (FloatOnlyInputs.TryGetValue(node.OpType, out var positions))
            {
                foreach (var p in positions.Where(p => p < node.Input.Count && node.Input[p].Length > 0))
                {
                    keepFloat.Add(node.Input[p]);
                }
            }
        }

        var converted = 0;
        foreach (var tensor in graph.Initializer.Where(t => t.DataType == Float && !keepFloat.Contains(t.Name)))
        {
            ToHalf(tensor);
            converted++;
        }

        var initializerNames = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var input in graph.Input.Where(i => initializerNames.Contains(i.Name) && !keepFloat.Contains(i.Name) && i.Type?.TensorType?.ElemType == Float))
        {
            input.Type.TensorType.ElemType = Float16;
        }

        foreach (var node in graph.Node)
        {
            if (node.OpType == "Constant" && !node.Output.Any(keepFloat.Contains))
            {
                foreach (var attribute in node.Attribute.Where(a => a.T is { DataType: Float }))
                {
                    ToHalf(attribute.T);
                    converted++;
                }
            }
            else if (node.OpType == "Cast")
            {
                foreach (var to in node.Attribute.Where(a => a.Name == "to" && a.I == Float))
                {
                    to.I = Float16;
                }
            }
        }

        // Float inputs: cast once to float16 and feed the consumers the cast.
        var newNodes = new List<NodeProto>();
        foreach (var input in graph.Input.Where(i => !initializerNames.Contains(i.Name) && i.Type?.TensorType?.ElemType == Float))
        {
            var half = input.Name + "_fp16";
            foreach (var node in graph.Node)
            {
                for (var i = 0; i < node.Input.Count; i++)
                {
                    if (node.Input[i] == input.Name)
                    {
                        node.Input[i] = half;
                    }
                }
            }

            newNodes.Add(CastNode(input.Name, half, Float16));
        }

        // Float outputs: the graph computes them in float16 under a new name and casts back.
        var tail = new List<NodeProto>();
        foreach (var output in graph.Output.Where(o => o.Type?.TensorType?.ElemType == Float))
        {
            var half = output.Name + "_fp16";
            foreach (var node in graph.Node)
            {
                for (var i = 0; i < node.Output.Count; i++)
                {
                    if (node.Output[i] == output.Name)
                    {
                        node.Output[i] = half;
                    }
                }

                for (var i = 0; i < node.Input.Count; i++)
                {
                    if (node.Input[i] == output.Name)
                    {
                        node.Input[i] = half;
                    }
                }
            }

            tail.Add(CastNode(half, output.Name, Float));
        }

        var body = graph.Node.ToList();
        graph.Node.Clear();
        graph.Node.AddRange(newNodes);
        graph.Node.AddRange(body);
        graph.Node.AddRange(tail);

        // Intermediate type annotations would now be wrong: ONNX Runtime infers them again.
        graph.ValueInfo.Clear();
        return converted;
    }

    private static NodeProto CastNode(string input, string output, int to)
    {
        var node = new NodeProto { OpType = "Cast", Name = "ifcb_cast_" + output };
        node.Input.Add(input);
        node.Output.Add(output);
        node.Attribute.Add(new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = to });
        return node;
    }

    private static void ToHalf(TensorProto tensor)
    {
        var values = tensor.RawData.IsEmpty ? [.. tensor.FloatData] : MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
        var halves = new Half[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            // Saturate rather than overflow to infinity (float16's largest finite value is 65504).
            halves[i] = (Half)Math.Clamp(values[i], -65504f, 65504f);
        }

        tensor.FloatData.Clear();
        tensor.DataType = Float16;
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(halves.AsSpan()));
    }
}
