using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Ifcb.Training.Models;

/// <summary>torchvision's MobileNetV3 (small and large, width 1.0), parameter names included.</summary>
public sealed class MobileNetV3 : ClassifierModule
{
    [ComponentName(Name = "features")]
    private readonly Stack _features;
    [ComponentName(Name = "classifier")]
    private readonly Stack _classifier;

    private readonly int _lastConvChannels;
    private readonly int _lastChannel;

    internal MobileNetV3(ArchitectureInfo architecture, Variant variant, int numClasses, int inputChannels)
        : base(architecture.Name, numClasses, inputChannels)
    {
        Architecture = architecture;
        var layers = new List<nn.Module>
        {
            ConvNormActivation.Create(inputChannels, 16, 3, 2, 1, nn.Hardswish(), 0.001, 0.01),
        };
        foreach (var block in variant.Blocks)
        {
            layers.Add(new InvertedResidual(block));
        }

        var lastIn = variant.Blocks[^1].Output;
        _lastConvChannels = 6 * lastIn;
        layers.Add(ConvNormActivation.Create(lastIn, _lastConvChannels, 1, 1, 1, nn.Hardswish(), 0.001, 0.01));
        _features = new Stack([.. layers]);
        _lastChannel = variant.LastChannel;
        _classifier = new Stack(Dense(_lastConvChannels, _lastChannel), nn.Hardswish(), nn.Dropout(0.2), Dense(_lastChannel, numClasses));
        RegisterComponents();
    }

    /// <summary>One inverted-residual block of torchvision's configuration table.</summary>
    internal sealed record BlockConfig(int Input, int Kernel, int Expanded, int Output, bool SqueezeExcite, bool HardSwish, int Stride);

    /// <summary>A width-1.0 MobileNetV3 configuration.</summary>
    internal sealed record Variant(BlockConfig[] Blocks, int LastChannel);

    /// <summary>torchvision's mobilenet_v3_small table.</summary>
    internal static Variant Small { get; } = new(
    [
        new(16, 3, 16, 16, true, false, 2),
        new(16, 3, 72, 24, false, false, 2),
        new(24, 3, 88, 24, false, false, 1),
        new(24, 5, 96, 40, true, true, 2),
        new(40, 5, 240, 40, true, true, 1),
        new(40, 5, 240, 40, true, true, 1),
        new(40, 5, 120, 48, true, true, 1),
        new(48, 5, 144, 48, true, true, 1),
        new(48, 5, 288, 96, true, true, 2),
        new(96, 5, 576, 96, true, true, 1),
        new(96, 5, 576, 96, true, true, 1),
    ], 1024);

    /// <summary>torchvision's mobilenet_v3_large table.</summary>
    internal static Variant Large { get; } = new(
    [
        new(16, 3, 16, 16, false, false, 1),
        new(16, 3, 64, 24, false, false, 2),
        new(24, 3, 72, 24, false, false, 1),
        new(24, 5, 72, 40, true, false, 2),
        new(40, 5, 120, 40, true, false, 1),
        new(40, 5, 120, 40, true, false, 1),
        new(40, 3, 240, 80, false, true, 2),
        new(80, 3, 200, 80, false, true, 1),
        new(80, 3, 184, 80, false, true, 1),
        new(80, 3, 184, 80, false, true, 1),
        new(80, 3, 480, 112, true, true, 1),
        new(112, 3, 672, 112, true, true, 1),
        new(112, 5, 672, 160, true, true, 2),
        new(160, 5, 960, 160, true, true, 1),
        new(160, 5, 960, 160, true, true, 1),
    ], 1280);

    /// <inheritdoc/>
    public override ArchitectureInfo Architecture { get; }

    /// <inheritdoc/>
    public override int FeatureCount => _lastConvChannels;

    internal override IReadOnlyList<string> HeadPrefixes { get; } = ["classifier.3."];

    /// <summary>torchvision's <c>_make_divisible</c> (from the TensorFlow reference).</summary>
    internal static int MakeDivisible(double value, int divisor)
    {
        var rounded = Math.Max(divisor, (int)(value + divisor / 2.0) / divisor * divisor);
        return rounded < 0.9 * value ? rounded + divisor : rounded;
    }

    internal override T ApplyFeatures<T>(ITensorOps<T> ops, T x) => ops.Flatten(ops.GlobalAvgPool(_features.Apply(ops, x)));

    internal override T ApplyHead<T>(ITensorOps<T> ops, T features) => _classifier.Apply(ops, features);

    /// <inheritdoc/>
    protected override void ReplaceHead(int numClasses) => _classifier.Replace(3, Dense(_lastChannel, numClasses));

    private static Linear Dense(long inFeatures, long outFeatures)
    {
        // torchvision initialises MobileNetV3's linear layers N(0, 0.01) with zero bias.
        var fc = Layers.Dense(inFeatures, outFeatures);
        using (no_grad())
        {
            nn.init.normal_(fc.weight!, 0, 0.01);
            fc.bias!.zero_();
        }

        return fc;
    }
}
