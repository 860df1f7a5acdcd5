using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Ifcb.Training.Models;

/// <summary>torchvision's ResNet (18/34 with basic blocks, 50 with bottlenecks), parameter names included.</summary>
public sealed class ResNet : ClassifierModule
{
    [ComponentName(Name = "conv1")]
    private readonly Conv2d _conv1;
    [ComponentName(Name = "bn1")]
    private readonly BatchNorm2d _bn1;
    [ComponentName(Name = "layer1")]
    private readonly Sequential _layer1;
    [ComponentName(Name = "layer2")]
    private readonly Sequential _layer2;
    [ComponentName(Name = "layer3")]
    private readonly Sequential _layer3;
    [ComponentName(Name = "layer4")]
    private readonly Sequential _layer4;
    [ComponentName(Name = "fc")]
    private Linear _fc;

    private readonly int _featureCount;

    internal ResNet(ArchitectureInfo architecture, int[] blocks, bool bottleneck, int numClasses, int inputChannels)
        : base(architecture.Name, numClasses, inputChannels)
    {
        Architecture = architecture;
        var expansion = bottleneck ? ResNetBottleneck.Expansion : ResNetBasicBlock.Expansion;
        _conv1 = Layers.Conv(inputChannels, 64, 7, 2, 3);
        _bn1 = Layers.BatchNorm(64);
        long inPlanes = 64;
        _layer1 = MakeLayer(ref inPlanes, 64, blocks[0], 1, bottleneck);
        _layer2 = MakeLayer(ref inPlanes, 128, blocks[1], 2, bottleneck);
        _layer3 = MakeLayer(ref inPlanes, 256, blocks[2], 2, bottleneck);
        _layer4 = MakeLayer(ref inPlanes, 512, blocks[3], 2, bottleneck);
        _featureCount = 512 * expansion;
        _fc = Layers.Dense(_featureCount, numClasses);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override ArchitectureInfo Architecture { get; }

    /// <inheritdoc/>
    public override int FeatureCount => _featureCount;

    internal Conv2d Stem => _conv1;

    internal BatchNorm2d StemBn => _bn1;

    internal IEnumerable<nn.Module<Tensor, Tensor>> Blocks =>
        new[] { _layer1, _layer2, _layer3, _layer4 }.SelectMany(layer => layer.children().Cast<nn.Module<Tensor, Tensor>>());

    internal Linear Fc => _fc;

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return _fc.forward(FeaturesCore(x)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Tensor Features(Tensor x)
    {
        using var scope = NewDisposeScope();
        return FeaturesCore(x).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    protected override void ReplaceHead(int numClasses)
    {
        _fc = ModuleSlots.Replace(this, "fc", _fc, Layers.Dense(_featureCount, numClasses));
    }

    internal static Sequential? Downsample(long inPlanes, long outPlanes, long stride)
    {
        if (stride == 1 && inPlanes == outPlanes)
        {
            return null;
        }

        return nn.Sequential(("0", Layers.Conv(inPlanes, outPlanes, 1, stride)), ("1", Layers.BatchNorm(outPlanes)));
    }

    private static Sequential MakeLayer(ref long inPlanes, long planes, int count, long stride, bool bottleneck)
    {
        var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (var i = 0; i < count; i++)
        {
            nn.Module<Tensor, Tensor> block = bottleneck
                ? new ResNetBottleneck(inPlanes, planes, i == 0 ? stride : 1)
                : new ResNetBasicBlock(inPlanes, planes, i == 0 ? stride : 1);
            blocks.Add((i.ToString(System.Globalization.CultureInfo.InvariantCulture), block));
            inPlanes = planes * (bottleneck ? ResNetBottleneck.Expansion : ResNetBasicBlock.Expansion);
        }

        return nn.Sequential(blocks);
    }

    private Tensor FeaturesCore(Tensor x)
    {
        var y = nn.functional.relu(_bn1.forward(_conv1.forward(x)));
        y = nn.functional.max_pool2d(y, 3, 2, 1);
        y = _layer4.forward(_layer3.forward(_layer2.forward(_layer1.forward(y))));
        return nn.functional.adaptive_avg_pool2d(y, 1).flatten(1);
    }
}
