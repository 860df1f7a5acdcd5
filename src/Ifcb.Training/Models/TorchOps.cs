using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ifcb.Training.Models;

/// <summary>Computes <see cref="ITensorOps{T}"/> with libtorch (training and inference).</summary>
internal sealed class TorchOps : ITensorOps<Tensor>
{
    /// <summary>The one instance (stateless).</summary>
    public static TorchOps Instance { get; } = new();

    public Tensor Conv(Conv2d conv, Tensor x) => conv.forward(x);

    public Tensor BatchNorm(BatchNorm2d bn, Tensor x) => bn.forward(x);

    public Tensor Linear(Linear fc, Tensor x) => fc.forward(x);

    public Tensor Relu(Tensor x) => nn.functional.relu(x);

    public Tensor HardSwish(Tensor x) => nn.functional.hardswish(x);

    public Tensor HardSigmoid(Tensor x) => nn.functional.hardsigmoid(x);

    public Tensor Sigmoid(Tensor x) => x.sigmoid();

    public Tensor Silu(Tensor x) => nn.functional.silu(x);

    public Tensor MaxPool(Tensor x, long kernel, long stride, long padding) => nn.functional.max_pool2d(x, kernel, stride, padding);

    public Tensor AvgPool(Tensor x, long kernel, long stride, long padding) => nn.functional.avg_pool2d(x, kernel, stride, padding);

    public Tensor Add(Tensor a, Tensor b) => a + b;

    public Tensor Mul(Tensor a, Tensor b) => a * b;

    public Tensor Concat(params Tensor[] xs) => cat(xs, 1);

    public Tensor GlobalAvgPool(Tensor x) => x.mean([2, 3], keepdim: true);

    public Tensor Flatten(Tensor x) => x.flatten(1);

    public Tensor Dropout(Dropout dropout, Tensor x) => dropout.forward(x);

    public Tensor StochasticDepth(Tensor x, double probability, bool training)
    {
        if (!training || probability == 0)
        {
            return x;
        }

        var survival = 1 - probability;
        var noise = empty([x.shape[0], 1, 1, 1], dtype: x.dtype, device: x.device).bernoulli_(survival);
        if (survival > 0)
        {
            noise.div_(survival);
        }

        return x * noise;
    }
}
