using TorchSharp.Modules;

namespace Ifcb.Training.Models;

/// <summary>
/// The operations the registry's networks are written in. Each network's forward pass is written once against this
/// interface: <see cref="TorchOps"/> computes it with libtorch, and the ONNX exporter's implementation emits the
/// same computation as graph nodes, so the exported graph cannot drift from the trained network.
/// </summary>
/// <typeparam name="T">A tensor (TorchSharp) or a graph value name (ONNX).</typeparam>
internal interface ITensorOps<T>
{
    T Conv(Conv2d conv, T x);

    T BatchNorm(BatchNorm2d bn, T x);

    /// <summary>Fully connected layer on [N, F].</summary>
    T Linear(Linear fc, T x);

    T Relu(T x);

    T HardSwish(T x);

    T HardSigmoid(T x);

    T Sigmoid(T x);

    T Silu(T x);

    /// <summary>Max pooling, floor mode.</summary>
    T MaxPool(T x, long kernel, long stride, long padding);

    /// <summary>Average pooling, floor mode, zero padding counted (PyTorch's default).</summary>
    T AvgPool(T x, long kernel, long stride, long padding);

    T Add(T a, T b);

    T Mul(T a, T b);

    /// <summary>Concatenation along the channel axis.</summary>
    T Concat(params T[] xs);

    /// <summary>Mean over the spatial axes, keeping them: [N, C, 1, 1].</summary>
    T GlobalAvgPool(T x);

    /// <summary>[N, C, ...] to [N, C * ...].</summary>
    T Flatten(T x);

    /// <summary>Dropout (identity outside training).</summary>
    T Dropout(Dropout dropout, T x);

    /// <summary>Stochastic depth, "row" mode: drops whole samples of a residual branch in training.</summary>
    T StochasticDepth(T x, double probability, bool training);
}
