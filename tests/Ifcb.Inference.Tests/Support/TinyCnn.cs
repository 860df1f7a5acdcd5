using Google.Protobuf;
using Onnx;

namespace Ifcb.Inference.Tests.Support;

/// <summary>
/// A small float convolutional classifier written with the ONNX protobuf classes, shaped like the networks we
/// quantize: Conv -> BatchNormalization -> Relu -> MaxPool -> Conv -> Add (residual) -> Relu -> 1x1 Conv whose
/// bias reaches it through an Identity node (as PyTorch's exporter shares equal tensors) -> Relu -> Concat ->
/// AveragePool -> GlobalAveragePool -> Flatten -> Gemm = <c>logits</c>. Weights are seeded random values.
/// </summary>
internal static class TinyCnn
{
    public const int Size = 16;
    public const int Classes = 5;
    public const int Convolutions = 3;

    public static string Write(string path, int seed = 1, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var random = new Random(seed);
        var graph = new GraphProto { Name = "tiny_cnn" };
        graph.Input.Add(Value("input", 3, Size, Size));
        graph.Output.Add(Value("logits", Classes));

        Init(graph, "w1", random, 0.4, 8, 3, 3, 3);
        Init(graph, "b1", random, 0.1, 8);
        Init(graph, "gamma", random, 0.2, 8, offset: 1);
        Init(graph, "beta", random, 0.2, 8);
        Init(graph, "mean", random, 0.2, 8);
        Init(graph, "var", random, 0.2, 8, offset: 1);
        Init(graph, "w2", random, 0.2, 8, 8, 3, 3);
        Init(graph, "b2", random, 0.1, 8);
        Init(graph, "w3", random, 0.3, 8, 8, 1, 1);
        graph.Initializer.Add(Tensor("zeros", new float[8], 8));
        Init(graph, "wfc", random, 0.5, Classes, 16);
        Init(graph, "bfc", random, 0.1, Classes);

        Conv(graph, "input", "w1", "b1", "c1", kernel: 3);
        var bn = Node(graph, "BatchNormalization", ["c1", "gamma", "beta", "mean", "var"], "bn1");
        bn.Attribute.Add(new AttributeProto { Name = "epsilon", Type = AttributeProto.Types.AttributeType.Float, F = 1e-5f });
        Node(graph, "Relu", ["bn1"], "r1");
        var pool = Node(graph, "MaxPool", ["r1"], "p1");
        pool.Attribute.Add(Ints("kernel_shape", 2, 2));
        pool.Attribute.Add(Ints("strides", 2, 2));
        Conv(graph, "p1", "w2", "b2", "c2", kernel: 3);
        Node(graph, "Add", ["c2", "p1"], "a2");
        Node(graph, "Relu", ["a2"], "r2");
        Node(graph, "Identity", ["zeros"], "b3");
        Conv(graph, "r2", "w3", "b3", "c3", kernel: 1);
        Node(graph, "Relu", ["c3"], "r3");
        var concat = Node(graph, "Concat", ["r2", "r3"], "cat");
        concat.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        var average = Node(graph, "AveragePool", ["cat"], "ap");
        average.Attribute.Add(Ints("kernel_shape", 2, 2));
        average.Attribute.Add(Ints("strides", 2, 2));
        Node(graph, "GlobalAveragePool", ["ap"], "gap");
        var flatten = Node(graph, "Flatten", ["gap"], "flat");
        flatten.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        var gemm = Node(graph, "Gemm", ["flat", "wfc", "bfc"], "logits");
        gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });

        var model = new ModelProto { IrVersion = 8, ProducerName = "ifcb-tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    /// <summary>Smooth, image-like inputs in [0, 1]: a bright background with a dark blob, varied per item.</summary>
    public static float[] Images(int count, int seed)
    {
        var random = new Random(seed);
        var data = new float[count * 3 * Size * Size];
        for (var n = 0; n < count; n++)
        {
            double cx = random.Next(3, Size - 3), cy = random.Next(3, Size - 3), r = random.Next(2, 6), level = random.NextDouble() * 0.6;
            for (var y = 0; y < Size; y++)
            {
                for (var x = 0; x < Size; x++)
                {
                    var inside = ((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) < r * r;
                    var v = (float)((inside ? level : 0.85) + (random.NextDouble() * 0.05));
                    for (var c = 0; c < 3; c++)
                    {
                        data[(((n * 3) + c) * Size * Size) + (y * Size) + x] = v;
                    }
                }
            }
        }

        return data;
    }

    private static void Conv(GraphProto graph, string x, string w, string b, string output, int kernel)
    {
        var node = Node(graph, "Conv", [x, w, b], output);
        node.Attribute.Add(Ints("kernel_shape", kernel, kernel));
        var pad = kernel / 2;
        node.Attribute.Add(Ints("pads", pad, pad, pad, pad));
    }

    private static NodeProto Node(GraphProto graph, string op, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = output + "_node" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        graph.Node.Add(node);
        return node;
    }

    private static void Init(GraphProto graph, string name, Random random, double scale, params int[] dims) =>
        Init(graph, name, random, scale, dims, offset: 0);

    private static void Init(GraphProto graph, string name, Random random, double scale, int[] dims, double offset)
    {
        var values = new float[dims.Aggregate(1, (a, b) => a * b)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(offset + (scale * ((random.NextDouble() * 2) - 1)));
        }

        graph.Initializer.Add(Tensor(name, values, [.. dims.Select(d => (long)d)]));
    }

    private static void Init(GraphProto graph, string name, Random random, double scale, int dim, double offset) =>
        Init(graph, name, random, scale, [dim], offset);

    private static TensorProto Tensor(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        return tensor;
    }

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private static ValueInfoProto Value(string name, params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        foreach (var d in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
