using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Ifcb.Training.Models;

/// <summary>torchvision's MobileNetV3 InvertedResidual: expand, depthwise, optional SE, project (<c>block</c>).</summary>
internal sealed class InvertedResidual : nn.Module<Tensor, Tensor>, IOpsModule
{
    private const double Eps = 0.001;
    private const double Momentum = 0.01;

    [ComponentName(Name = "block")]
    private readonly Stack _block;

    private readonly bool _residual;

    public InvertedResidual(MobileNetV3.BlockConfig c)
        : base(nameof(InvertedResidual))
    {
        var layers = new List<nn.Module>();
        nn.Module Activation() => c.HardSwish ? nn.Hardswish() : nn.ReLU();
        if (c.Expanded != c.Input)
        {
            layers.Add(ConvNormActivation.Create(c.Input, c.Expanded, 1, 1, 1, Activation(), Eps, Momentum));
        }

        layers.Add(ConvNormActivation.Create(c.Expanded, c.Expanded, c.Kernel, c.Stride, c.Expanded, Activation(), Eps, Momentum));
        if (c.SqueezeExcite)
        {
            layers.Add(new SqueezeExcitation(c.Expanded, MobileNetV3.MakeDivisible(c.Expanded / 4, 8), efficientNet: false));
        }

        layers.Add(ConvNormActivation.Create(c.Expanded, c.Output, 1, 1, 1, null, Eps, Momentum));
        _block = new Stack([.. layers]);
        _residual = c.Stride == 1 && c.Input == c.Output;
        RegisterComponents();
    }

    public T Apply<T>(ITensorOps<T> ops, T x)
    {
        var y = _block.Apply(ops, x);
        return _residual ? ops.Add(y, x) : y;
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return Apply(TorchOps.Instance, x).MoveToOuterDisposeScope();
    }
}
