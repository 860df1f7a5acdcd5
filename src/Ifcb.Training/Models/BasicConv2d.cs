using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Ifcb.Training.Models;

/// <summary>Inception's conv (no bias) + batch norm (eps 0.001) + ReLU, named <c>conv</c> and <c>bn</c> as in torchvision.</summary>
internal sealed class BasicConv2d : nn.Module<Tensor, Tensor>, IOpsModule
{
    [ComponentName(Name = "conv")]
    private readonly Conv2d _conv;
    [ComponentName(Name = "bn")]
    private readonly BatchNorm2d _bn;

    public BasicConv2d(long inChannels, long outChannels, long kernel, long stride = 1, long padding = 0)
        : this(inChannels, outChannels, (kernel, kernel), (stride, stride), (padding, padding))
    {
    }

    public BasicConv2d(long inChannels, long outChannels, (long H, long W) kernel, (long H, long W) stride, (long H, long W) padding)
        : base(nameof(BasicConv2d))
    {
        _conv = Layers.Conv(inChannels, outChannels, kernel, stride, padding);
        _bn = Layers.BatchNorm(outChannels, eps: 0.001);
        RegisterComponents();
    }

    public static BasicConv2d Rect(long inChannels, long outChannels, (long H, long W) kernel, (long H, long W) padding) =>
        new(inChannels, outChannels, kernel, (1, 1), padding);

    public T Apply<T>(ITensorOps<T> ops, T x) => ops.Relu(ops.BatchNorm(_bn, ops.Conv(_conv, x)));

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return Apply(TorchOps.Instance, x).MoveToOuterDisposeScope();
    }
}
