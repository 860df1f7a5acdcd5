using System.Globalization;
using Google.Protobuf;
using Ifcb.Training.Models;
using Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ifcb.Training.Onnx;

/// <summary>
/// Emits <see cref="ITensorOps{T}"/> as ONNX nodes (opset 17, inference semantics): values are graph names, weights
/// become initializers, batch norm uses the running statistics, dropout and stochastic depth are identities.
/// </summary>
internal sealed class OnnxGraphBuilder : ITensorOps<string>
{
    private readonly GraphProto _graph;
    private readonly Dictionary<Tensor, string> _initializers = new(ReferenceEqualityComparer.Instance);
    private int _counter;

    public OnnxGraphBuilder(GraphProto graph)
    {
        _graph = graph;
    }

    public string Conv(Conv2d conv, string x)
    {
        if (conv.padding_type is not null)
        {
            throw new NotSupportedException("Only explicit convolution padding is exported.");
        }

        var inputs = new List<string> { x, Initializer(conv.weight!) };
        if (conv.bias is not null)
        {
            inputs.Add(Initializer(conv.bias));
        }

        var node = Node("Conv", inputs);
        node.Attribute.Add(Ints("kernel_shape", conv.kernel_size));
        node.Attribute.Add(Ints("strides", conv.stride));
        var padding = conv.padding ?? [0, 0];
        node.Attribute.Add(Ints("pads", [.. padding, .. padding]));
        node.Attribute.Add(Ints("dilations", conv.dilation));
        node.Attribute.Add(Int("group", conv.groups));
        return node.Output[0];
    }

    public string BatchNorm(BatchNorm2d bn, string x)
    {
        var node = Node("BatchNormalization", x, Initializer(bn.weight!), Initializer(bn.bias!), Initializer(bn.running_mean!), Initializer(bn.running_var!));
        node.Attribute.Add(Float("epsilon", bn.eps));
        return node.Output[0];
    }

    public string Linear(Linear fc, string x)
    {
        var inputs = new List<string> { x, Initializer(fc.weight!) };
        if (fc.bias is not null)
        {
            inputs.Add(Initializer(fc.bias));
        }

        var node = Node("Gemm", inputs);
        node.Attribute.Add(Int("transB", 1));
        return node.Output[0];
    }

    public string Relu(string x) => Node("Relu", x).Output[0];

    public string HardSwish(string x) => Node("HardSwish", x).Output[0];

    public string HardSigmoid(string x)
    {
        // PyTorch: relu6(x + 3) / 6 = clip(x / 6 + 0.5, 0, 1).
        var node = Node("HardSigmoid", x);
        node.Attribute.Add(Float("alpha", 1.0 / 6));
        node.Attribute.Add(Float("beta", 0.5));
        return node.Output[0];
    }

    public string Sigmoid(string x) => Node("Sigmoid", x).Output[0];

    public string Silu(string x) => Mul(x, Sigmoid(x));

    public string MaxPool(string x, long kernel, long stride, long padding)
    {
        var node = Node("MaxPool", x);
        node.Attribute.Add(Ints("kernel_shape", [kernel, kernel]));
        node.Attribute.Add(Ints("strides", [stride, stride]));
        node.Attribute.Add(Ints("pads", [padding, padding, padding, padding]));
        return node.Output[0];
    }

    public string AvgPool(string x, long kernel, long stride, long padding)
    {
        var node = Node("AveragePool", x);
        node.Attribute.Add(Ints("kernel_shape", [kernel, kernel]));
        node.Attribute.Add(Ints("strides", [stride, stride]));
        node.Attribute.Add(Ints("pads", [padding, padding, padding, padding]));
        node.Attribute.Add(Int("count_include_pad", 1));
        return node.Output[0];
    }

    public string Add(string a, string b) => Node("Add", a, b).Output[0];

    public string Mul(string a, string b) => Node("Mul", a, b).Output[0];

    public string Concat(params string[] xs)
    {
        var node = Node("Concat", xs);
        node.Attribute.Add(Int("axis", 1));
        return node.Output[0];
    }

    public string GlobalAvgPool(string x) => Node("GlobalAveragePool", x).Output[0];

    public string Flatten(string x)
    {
        var node = Node("Flatten", x);
        node.Attribute.Add(Int("axis", 1));
        return node.Output[0];
    }

    public string Dropout(Dropout dropout, string x) => x;

    public string StochasticDepth(string x, double probability, bool training) => x;

    /// <summary>Gives the value <paramref name="value"/> the graph-output name <paramref name="name"/>.</summary>
    public void Rename(string value, string name)
    {
        foreach (var node in _graph.Node)
        {
            for (var i = 0; i < node.Output.Count; i++)
            {
                if (node.Output[i] == value)
                {
                    node.Output[i] = name;
                }
            }

            for (var i = 0; i < node.Input.Count; i++)
            {
                if (node.Input[i] == value)
                {
                    node.Input[i] = name;
                }
            }
        }
    }

    private NodeProto Node(string op, params IEnumerable<string> inputs)
    {
        var id = _counter++;
        var node = new NodeProto
        {
            OpType = op,
            Name = string.Create(CultureInfo.InvariantCulture, $"{op}_{id}"),
        };
        node.Input.AddRange(inputs);
        node.Output.Add(string.Create(CultureInfo.InvariantCulture, $"{op.ToLowerInvariant()}_{id}"));
        _graph.Node.Add(node);
        return node;
    }

    private string Initializer(Tensor tensor)
    {
        if (_initializers.TryGetValue(tensor, out var existing))
        {
            return existing;
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"w{_initializers.Count}");
        using var data = tensor.detach().to(ScalarType.Float32).cpu().contiguous();
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        proto.Dims.AddRange(data.shape);
        var values = data.data<float>().ToArray();
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw data is little-endian.");
        }

        proto.RawData = ByteString.CopyFrom(bytes);
        _graph.Initializer.Add(proto);
        _initializers[tensor] = name;
        return name;
    }

    private static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Float(string name, double value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = (float)value };
}
