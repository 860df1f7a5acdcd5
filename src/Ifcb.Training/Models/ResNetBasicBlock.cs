using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Ifcb.Training.Models;

/// <summary>torchvision's ResNet BasicBlock (two 3x3 convolutions and an identity or projected shortcut).</summary>
internal sealed class ResNetBasicBlock : nn.Module<Tensor, Tensor>, IOpsModule
{
    public const int Expansion = 1;

    [ComponentName(Name = "conv1")]
    private readonly Conv2d _conv1;
    [ComponentName(Name = "bn1")]
    private readonly BatchNorm2d _bn1;
    [ComponentName(Name = "conv2")]
    private readonly Conv2d _conv2;
    [ComponentName(Name = "bn2")]
    private readonly BatchNorm2d _bn2;
    [ComponentName(Name = "downsample")]
    private readonly Stack? _downsample;

    public ResNetBasicBlock(long inPlanes, long planes, long stride)
        : base(nameof(ResNetBasicBlock))
    {
        _conv1 = Layers.Conv(inPlanes, planes, 3, stride, 1);
        _bn1 = Layers.BatchNorm(planes);
        _conv2 = Layers.Conv(planes, planes, 3, 1, 1);
        _bn2 = Layers.BatchNorm(planes);
        _downsample = ResNet.Downsample(inPlanes, planes * Expansion, stride);
        RegisterComponents();
    }

    public T Apply<T>(ITensorOps<T> ops, T x)
    {
        var y = ops.Relu(ops.BatchNorm(_bn1, ops.Conv(_conv1, x)));
        y = ops.BatchNorm(_bn2, ops.Conv(_conv2, y));
        var identity = _downsample is null ? x : _downsample.Apply(ops, x);
        return ops.Relu(ops.Add(y, identity));
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return Apply(TorchOps.Instance, x).MoveToOuterDisposeScope();
    }
}
