using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Ifcb.Training.Models;

/// <summary>torchvision's EfficientNet MBConv: expand, depthwise, SE, project (<c>block</c>), stochastic depth.</summary>
internal sealed class MBConv : nn.Module<Tensor, Tensor>, IOpsModule
{
    [ComponentName(Name = "block")]
    private readonly Stack _block;

    private readonly bool _residual;
    private readonly double _stochasticDepth;

    public MBConv(int expandRatio, int kernel, int stride, int inChannels, int outChannels, double stochasticDepth)
        : base(nameof(MBConv))
    {
        var layers = new List<nn.Module>();
        var expanded = inChannels * expandRatio;
        if (expanded != inChannels)
        {
            layers.Add(ConvNormActivation.Create(inChannels, expanded, 1, 1, 1, nn.SiLU(), EfficientNetB0.Eps, EfficientNetB0.Momentum));
        }

        layers.Add(ConvNormActivation.Create(expanded, expanded, kernel, stride, expanded, nn.SiLU(), EfficientNetB0.Eps, EfficientNetB0.Momentum));
        layers.Add(new SqueezeExcitation(expanded, Math.Max(1, inChannels / 4), efficientNet: true));
        layers.Add(ConvNormActivation.Create(expanded, outChannels, 1, 1, 1, null, EfficientNetB0.Eps, EfficientNetB0.Momentum));
        _block = new Stack([.. layers]);
        _residual = stride == 1 && inChannels == outChannels;
        _stochasticDepth = stochasticDepth;
        RegisterComponents();
    }

    public T Apply<T>(ITensorOps<T> ops, T x)
    {
        var y = _block.Apply(ops, x);
        return _residual ? ops.Add(ops.StochasticDepth(y, _stochasticDepth, training), x) : y;
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return Apply(TorchOps.Instance, x).MoveToOuterDisposeScope();
    }
}
