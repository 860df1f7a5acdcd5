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
    private readonly Stack _layer1;
    [ComponentName(Name = "layer2")]
    private readonly Stack _layer2;
    [ComponentName(Name = "layer3")]
    private readonly Stack _layer3;
    [ComponentName(Name = "layer4")]
    private readonly Stack _layer4;
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

    internal override IReadOnlyList<string> HeadPrefixes { get; } = ["fc."];

    internal override T ApplyFeatures<T>(ITensorOps<T> ops, T x)
    {
        var y = ops.Relu(ops.BatchNorm(_bn1, ops.Conv(_conv1, x)));
        y = ops.MaxPool(y, 3, 2, 1);
        y = _layer4.Apply(ops, _layer3.Apply(ops, _layer2.Apply(ops, _layer1.Apply(ops, y))));
        return ops.Flatten(ops.GlobalAvgPool(y));
    }

    internal override T ApplyHead<T>(ITensorOps<T> ops, T features) => ops.Linear(_fc, features);

    /// <inheritdoc/>
    protected override void ReplaceHead(int numClasses)
    {
        _fc = ModuleSlots.Replace(this, "fc", _fc, Layers.Dense(_featureCount, numClasses));
    }

    internal static Stack? Downsample(long inPlanes, long outPlanes, long stride)
    {
        if (stride == 1 && inPlanes == outPlanes)
        {
            return null;
        }

        return new Stack(Layers.Conv(inPlanes, outPlanes, 1, stride), Layers.BatchNorm(outPlanes));
    }

    private static Stack MakeLayer(ref long inPlanes, long planes, int count, long stride, bool bottleneck)
    {
        var blocks = new List<nn.Module>();
        for (var i = 0; i < count; i++)
        {
            nn.Module block = bottleneck
                ? new ResNetBottleneck(inPlanes, planes, i == 0 ? stride : 1)
                : new ResNetBasicBlock(inPlanes, planes, i == 0 ? stride : 1);
            blocks.Add(block);
            inPlanes = planes * (bottleneck ? ResNetBottleneck.Expansion : ResNetBasicBlock.Expansion);
        }

        return new Stack([.. blocks]);
    }
}
