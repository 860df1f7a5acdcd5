using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Ifcb.Training.Models;

/// <summary>
/// torchvision's EfficientNet-B0 (which TorchVision for .NET lacks), built with torchvision's parameter names so
/// torchvision state dicts load key for key.
/// </summary>
public sealed class EfficientNetB0 : ClassifierModule
{
    internal const double Eps = 1e-5;
    internal const double Momentum = 0.1;

    private const int LastChannels = 1280;

    // torchvision's B0 table: expand ratio, kernel, stride, input, output, layers.
    private static readonly (int Expand, int Kernel, int Stride, int In, int Out, int Layers)[] Stages =
    [
        (1, 3, 1, 32, 16, 1),
        (6, 3, 2, 16, 24, 2),
        (6, 5, 2, 24, 40, 2),
        (6, 3, 2, 40, 80, 3),
        (6, 5, 1, 80, 112, 3),
        (6, 5, 2, 112, 192, 4),
        (6, 3, 1, 192, 320, 1),
    ];

    [ComponentName(Name = "features")]
    private readonly Stack _features;
    [ComponentName(Name = "classifier")]
    private readonly Stack _classifier;

    internal EfficientNetB0(ArchitectureInfo architecture, int numClasses, int inputChannels)
        : base(architecture.Name, numClasses, inputChannels)
    {
        Architecture = architecture;
        const double stochasticDepth = 0.2;
        var totalBlocks = Stages.Sum(s => s.Layers);
        var blockId = 0;
        var layers = new List<nn.Module>
        {
            ConvNormActivation.Create(inputChannels, 32, 3, 2, 1, nn.SiLU(), Eps, Momentum),
        };
        foreach (var s in Stages)
        {
            var stage = new List<nn.Module>();
            for (var i = 0; i < s.Layers; i++)
            {
                // The drop probability grows linearly with depth, as in torchvision.
                stage.Add(new MBConv(s.Expand, s.Kernel, i == 0 ? s.Stride : 1, i == 0 ? s.In : s.Out, s.Out, stochasticDepth * blockId / totalBlocks));
                blockId++;
            }

            layers.Add(new Stack([.. stage]));
        }

        layers.Add(ConvNormActivation.Create(Stages[^1].Out, LastChannels, 1, 1, 1, nn.SiLU(), Eps, Momentum));
        _features = new Stack([.. layers]);
        _classifier = new Stack(nn.Dropout(0.2), Dense(numClasses));
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override ArchitectureInfo Architecture { get; }

    /// <inheritdoc/>
    public override int FeatureCount => LastChannels;

    internal override IReadOnlyList<string> HeadPrefixes { get; } = ["classifier.1."];

    internal override T ApplyFeatures<T>(ITensorOps<T> ops, T x) => ops.Flatten(ops.GlobalAvgPool(_features.Apply(ops, x)));

    internal override T ApplyHead<T>(ITensorOps<T> ops, T features) => _classifier.Apply(ops, features);

    /// <inheritdoc/>
    protected override void ReplaceHead(int numClasses) => _classifier.Replace(1, Dense(numClasses));

    private static Linear Dense(int numClasses)
    {
        // torchvision: uniform(-1/sqrt(classes), 1/sqrt(classes)) weights, zero bias.
        var fc = Layers.Dense(LastChannels, numClasses);
        var range = 1.0 / Math.Sqrt(numClasses);
        using (no_grad())
        {
            nn.init.uniform_(fc.weight!, -range, range);
            fc.bias!.zero_();
        }

        return fc;
    }
}
