namespace Ifcb.Inference.Quantization;

/// <summary>
/// Which activations get a QuantizeLinear/DequantizeLinear pair. The rule follows what ONNX Runtime's QDQ
/// transformer turns into integer kernels: the inputs and outputs of convolutions, pooling, concatenation and
/// additions. A convolution or addition whose only consumers are ReLUs is quantized after the ReLU (ONNX
/// Runtime removes a ReLU that feeds a QuantizeLinear with zero point 0, then fuses the rest into QLinearConv or
/// QLinearAdd). Max pooling keeps its input's scale so that it runs on the 8-bit values directly. Graph outputs
/// (logits, embeddings) stay float, and so does the classifier head.
/// </summary>
internal sealed class QdqPlan
{
    private static readonly HashSet<string> Quantizable = ["Conv", "Relu", "MaxPool", "AveragePool", "GlobalAveragePool", "Concat", "Add"];

    // Operators whose outputs are float tensors computed from the image; anything else (shape arithmetic) is left alone.
    private static readonly HashSet<string> FloatOperators =
        [.. Quantizable, "Mul", "Sigmoid", "HardSigmoid", "HardSwish", "Clip", "Flatten", "Gemm", "BatchNormalization", "Dropout", "Identity"];

    // Operators that do not change values: their output reuses the input's quantization.
    private static readonly HashSet<string> RangePreserving = ["MaxPool"];

    private QdqPlan(List<string> tensors, Dictionary<string, string> sharedWith)
    {
        Tensors = tensors;
        SharedWith = sharedWith;
    }

    /// <summary>The activations to quantize, in graph order.</summary>
    public IReadOnlyList<string> Tensors { get; }

    /// <summary>Activations that take another activation's range instead of their own.</summary>
    public IReadOnlyDictionary<string, string> SharedWith { get; }

    /// <summary>The activations whose ranges calibration must measure.</summary>
    public IEnumerable<string> Calibrated => Tensors.Where(t => !SharedWith.ContainsKey(t));

    public static QdqPlan Build(GraphIndex index)
    {
        var tensors = new List<string>();
        var chosen = new HashSet<string>();
        var shared = new Dictionary<string, string>();
        var candidates = index.Inputs.Concat(index.Graph.Node.Where(n => FloatOperators.Contains(n.OpType)).SelectMany(n => n.Output));
        foreach (var value in candidates)
        {
            if (index.Outputs.Contains(value) || !index.IsActivation(value))
            {
                continue;
            }

            var producer = index.Producer(value);
            var consumers = index.Consumers(value);
            if (consumers.Count == 0)
            {
                continue;
            }

            if (producer is { OpType: "Conv" or "Add" } && consumers.All(c => c.OpType == "Relu"))
            {
                continue; // quantized after the ReLU
            }

            var wanted = (producer is not null && Quantizable.Contains(producer.OpType)) || consumers.Any(c => Quantizable.Contains(c.OpType));
            if (!wanted)
            {
                continue;
            }

            tensors.Add(value);
            chosen.Add(value);
            if (producer is not null && RangePreserving.Contains(producer.OpType) && chosen.Contains(producer.Input[0]))
            {
                shared[value] = shared.GetValueOrDefault(producer.Input[0], producer.Input[0]);
            }
        }

        return new QdqPlan(tensors, shared);
    }
}
