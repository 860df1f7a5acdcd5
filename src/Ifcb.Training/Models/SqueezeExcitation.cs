using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Ifcb.Training.Models;

/// <summary>torchvision's SqueezeExcitation: channel weights from pooled features (fc1, fc2 are 1x1 convolutions).</summary>
internal sealed class SqueezeExcitation : nn.Module<Tensor, Tensor>, IOpsModule
{
    [ComponentName(Name = "fc1")]
    private readonly Conv2d _fc1;
    [ComponentName(Name = "fc2")]
    private readonly Conv2d _fc2;

    private readonly bool _efficientNet;

    // efficientNet: SiLU + sigmoid (EfficientNet) instead of ReLU + hard sigmoid (MobileNetV3).
    public SqueezeExcitation(long channels, long squeezeChannels, bool efficientNet)
        : base(nameof(SqueezeExcitation))
    {
        _fc1 = Layers.Conv(channels, squeezeChannels, 1, bias: true);
        _fc2 = Layers.Conv(squeezeChannels, channels, 1, bias: true);
        _efficientNet = efficientNet;
        RegisterComponents();
    }

    public T Apply<T>(ITensorOps<T> ops, T x)
    {
        var scale = ops.Conv(_fc1, ops.GlobalAvgPool(x));
        scale = _efficientNet ? ops.Silu(scale) : ops.Relu(scale);
        scale = ops.Conv(_fc2, scale);
        scale = _efficientNet ? ops.Sigmoid(scale) : ops.HardSigmoid(scale);
        return ops.Mul(scale, x);
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return Apply(TorchOps.Instance, x).MoveToOuterDisposeScope();
    }
}
