using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Ifcb.Training.Models;

/// <summary>
/// torchvision's Inception v3 (no input transform), parameter names included. In training mode
/// <see cref="ForwardTrain"/> also returns the auxiliary logits (TorchSharp's own InceptionV3 never computes them).
/// </summary>
public sealed class InceptionV3 : ClassifierModule
{
    [ComponentName(Name = "Conv2d_1a_3x3")]
    private readonly BasicConv2d _conv2d1a;
    [ComponentName(Name = "Conv2d_2a_3x3")]
    private readonly BasicConv2d _conv2d2a;
    [ComponentName(Name = "Conv2d_2b_3x3")]
    private readonly BasicConv2d _conv2d2b;
    [ComponentName(Name = "Conv2d_3b_1x1")]
    private readonly BasicConv2d _conv2d3b;
    [ComponentName(Name = "Conv2d_4a_3x3")]
    private readonly BasicConv2d _conv2d4a;
    [ComponentName(Name = "Mixed_5b")]
    private readonly InceptionA _mixed5b;
    [ComponentName(Name = "Mixed_5c")]
    private readonly InceptionA _mixed5c;
    [ComponentName(Name = "Mixed_5d")]
    private readonly InceptionA _mixed5d;
    [ComponentName(Name = "Mixed_6a")]
    private readonly InceptionB _mixed6a;
    [ComponentName(Name = "Mixed_6b")]
    private readonly InceptionC _mixed6b;
    [ComponentName(Name = "Mixed_6c")]
    private readonly InceptionC _mixed6c;
    [ComponentName(Name = "Mixed_6d")]
    private readonly InceptionC _mixed6d;
    [ComponentName(Name = "Mixed_6e")]
    private readonly InceptionC _mixed6e;
    [ComponentName(Name = "AuxLogits")]
    private InceptionAux _auxLogits;
    [ComponentName(Name = "Mixed_7a")]
    private readonly InceptionD _mixed7a;
    [ComponentName(Name = "Mixed_7b")]
    private readonly InceptionE _mixed7b;
    [ComponentName(Name = "Mixed_7c")]
    private readonly InceptionE _mixed7c;
    [ComponentName(Name = "dropout")]
    private readonly Dropout _dropout;
    [ComponentName(Name = "fc")]
    private Linear _fc;

    internal InceptionV3(ArchitectureInfo architecture, int numClasses, int inputChannels)
        : base(architecture.Name, numClasses, inputChannels)
    {
        Architecture = architecture;
        _conv2d1a = new(inputChannels, 32, 3, stride: 2);
        _conv2d2a = new(32, 32, 3);
        _conv2d2b = new(32, 64, 3, padding: 1);
        _conv2d3b = new(64, 80, 1);
        _conv2d4a = new(80, 192, 3);
        _mixed5b = new(192, 32);
        _mixed5c = new(256, 64);
        _mixed5d = new(288, 64);
        _mixed6a = new(288);
        _mixed6b = new(768, 128);
        _mixed6c = new(768, 160);
        _mixed6d = new(768, 160);
        _mixed6e = new(768, 192);
        _auxLogits = new(768, numClasses);
        _mixed7a = new(768);
        _mixed7b = new(1280);
        _mixed7c = new(2048);
        _dropout = nn.Dropout(0.5);
        _fc = Layers.Dense(2048, numClasses);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override ArchitectureInfo Architecture { get; }

    /// <inheritdoc/>
    public override int FeatureCount => 2048;

    internal override IReadOnlyList<string> HeadPrefixes { get; } = ["fc.", "AuxLogits.fc."];

    /// <inheritdoc/>
    public override (Tensor Logits, Tensor? Aux) ForwardTrain(Tensor x)
    {
        if (!training)
        {
            return (forward(x), null);
        }

        using var scope = NewDisposeScope();
        var ops = TorchOps.Instance;
        var mid = ApplyToMixed6e(ops, x);
        var aux = _auxLogits.forward(mid);
        var logits = ApplyHead(ops, ApplyTail(ops, mid));
        return (logits.MoveToOuterDisposeScope(), aux.MoveToOuterDisposeScope());
    }

    internal override T ApplyFeatures<T>(ITensorOps<T> ops, T x) => ApplyTail(ops, ApplyToMixed6e(ops, x));

    internal override T ApplyHead<T>(ITensorOps<T> ops, T features) => ops.Linear(_fc, ops.Dropout(_dropout, features));

    /// <inheritdoc/>
    protected override void ReplaceHead(int numClasses)
    {
        _fc = ModuleSlots.Replace(this, "fc", _fc, Layers.Dense(2048, numClasses));
        _auxLogits = ModuleSlots.Replace(this, "AuxLogits", _auxLogits, new InceptionAux(768, numClasses));
    }

    private T ApplyToMixed6e<T>(ITensorOps<T> ops, T x)
    {
        var y = _conv2d2b.Apply(ops, _conv2d2a.Apply(ops, _conv2d1a.Apply(ops, x)));
        y = ops.MaxPool(y, 3, 2, 0);
        y = _conv2d4a.Apply(ops, _conv2d3b.Apply(ops, y));
        y = ops.MaxPool(y, 3, 2, 0);
        y = _mixed5d.Apply(ops, _mixed5c.Apply(ops, _mixed5b.Apply(ops, y)));
        y = _mixed6a.Apply(ops, y);
        return _mixed6e.Apply(ops, _mixed6d.Apply(ops, _mixed6c.Apply(ops, _mixed6b.Apply(ops, y))));
    }

    private T ApplyTail<T>(ITensorOps<T> ops, T x)
    {
        var y = _mixed7c.Apply(ops, _mixed7b.Apply(ops, _mixed7a.Apply(ops, x)));
        return ops.Flatten(ops.GlobalAvgPool(y));
    }
}
