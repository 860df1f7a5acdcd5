using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Ifcb.Training.Models;

/// <summary>torchvision's ResNet Bottleneck (1x1, strided 3x3, 1x1 x4; "ResNet v1.5").</summary>
internal sealed class ResNetBottleneck : nn.Module<Tensor, Tensor>, IOpsModule
{
    public const int Expansion = 4;

    [ComponentName(Name = "conv1")]
    private readonly Conv2d _conv1;
    [ComponentName(Name = "bn1")]
    private readonly BatchNorm2d _bn1;
    [ComponentName(Name = "conv2")]
    private readonly Conv2d _conv2;
    [ComponentName(Name = "bn2")]
    private readonly BatchNorm2d _bn2;
    [ComponentName(Name = "conv3")]
    private readonly Conv2d _conv3;
    [ComponentName(Name = "bn3")]
    private readonly BatchNorm2d _bn3;
    [ComponentName(Name = "downsample")]
    private readonly Stack? _downsample;

    public ResNetBottleneck(long inPlanes, long planes, long stride)
        : base(nameof(ResNetBottleneck))
    {
        _conv1 = Layers.Conv(inPlanes, planes, 1);
        _bn1 = Layers.BatchNorm(planes);
        _conv2 = Layers.Conv(planes, planes, 3, stride, 1);
        _bn2 = Layers.BatchNorm(planes);
        _conv3 = Layers.Conv(planes, planes * Expansion, 1);
        _bn3 = Layers.BatchNorm(planes * Expansion);
        _downsample = ResNet.Downsample(inPlanes, planes * Expansion, stride);
        RegisterComponents();
    }

    public T Apply<T>(ITensorOps<T> ops, T x)
    {
        var y = ops.Relu(ops.BatchNorm(_bn1, ops.Conv(_conv1, x)));
        y = ops.Relu(ops.BatchNorm(_bn2, ops.Conv(_conv2, y)));
        y = ops.BatchNorm(_bn3, ops.Conv(_conv3, y));
        var identity = _downsample is null ? x : _downsample.Apply(ops, x);
        return ops.Relu(ops.Add(y, identity));
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return Apply(TorchOps.Instance, x).MoveToOuterDisposeScope();
    }
}
