using Onnx;

namespace Ifcb.Inference.Quantization;

/// <summary>Who produces and who consumes each value of an ONNX graph, and which values are constants.</summary>
internal sealed class GraphIndex
{
    private readonly Dictionary<string, NodeProto> _producers = [];
    private readonly Dictionary<string, List<NodeProto>> _consumers = [];

    public GraphIndex(GraphProto graph)
    {
        Graph = graph;
        Initializers = graph.Initializer.ToDictionary(t => t.Name);
        foreach (var node in graph.Node)
        {
            foreach (var output in node.Output)
            {
                _producers[output] = node;
            }

            foreach (var input in node.Input.Where(i => i.Length > 0))
            {
                if (!_consumers.TryGetValue(input, out var list))
                {
                    _consumers[input] = list = [];
                }

                list.Add(node);
            }
        }

        Outputs = graph.Output.Select(o => o.Name).ToHashSet();
        Inputs = graph.Input.Select(i => i.Name).Where(n => !Initializers.ContainsKey(n)).ToHashSet();
    }

    public GraphProto Graph { get; }

    public Dictionary<string, TensorProto> Initializers { get; }

    /// <summary>Names of the graph's outputs.</summary>
    public HashSet<string> Outputs { get; }

    /// <summary>Names of the graph's real inputs (not initializers listed as inputs).</summary>
    public HashSet<string> Inputs { get; }

    public NodeProto? Producer(string value) => _producers.GetValueOrDefault(value);

    public IReadOnlyList<NodeProto> Consumers(string value) => _consumers.TryGetValue(value, out var list) ? list : [];

    /// <summary>True for values computed from the image (not weights, not constants).</summary>
    public bool IsActivation(string value) =>
        Inputs.Contains(value) || (_producers.TryGetValue(value, out var node) && node.OpType != "Constant");
}
