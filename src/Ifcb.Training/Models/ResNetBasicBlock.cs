using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Ifcb.Training.Models;

/// <summary>torchvision's ResNet BasicBlock (two 3x3 convolutions and an identity or projected shortcut).</summary>
internal sealed class ResNetBasicBlock : nn.Module<Tensor, Tensor>
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
    private readonly Sequential? _downsample;

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

    internal IEnumerable<(Conv2d Conv, BatchNorm2d Bn)> Convs => [(_conv1, _bn1), (_conv2, _bn2)];

    internal Sequential? DownsampleModule => _downsample;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = nn.functional.relu(_bn1.forward(_conv1.forward(x)));
        y = _bn2.forward(_conv2.forward(y));
        var identity = _downsample is null ? x : _downsample.forward(x);
        return nn.functional.relu(y.add_(identity)).MoveToOuterDisposeScope();
    }
}
