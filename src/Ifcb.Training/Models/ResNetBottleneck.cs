using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Ifcb.Training.Models;

/// <summary>torchvision's ResNet Bottleneck (1x1, strided 3x3, 1x1 x4; "ResNet v1.5").</summary>
internal sealed class ResNetBottleneck : nn.Module<Tensor, Tensor>
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
    private readonly Sequential? _downsample;

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

    internal IEnumerable<(Conv2d Conv, BatchNorm2d Bn)> Convs => [(_conv1, _bn1), (_conv2, _bn2), (_conv3, _bn3)];

    internal Sequential? DownsampleModule => _downsample;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = nn.functional.relu(_bn1.forward(_conv1.forward(x)));
        y = nn.functional.relu(_bn2.forward(_conv2.forward(y)));
        y = _bn3.forward(_conv3.forward(y));
        var identity = _downsample is null ? x : _downsample.forward(x);
        return nn.functional.relu(y.add_(identity)).MoveToOuterDisposeScope();
    }
}
