using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Ifcb.Training.Models;

/// <summary>torchvision's InceptionAux: the auxiliary classifier on Mixed_6e, used in training only.</summary>
internal sealed class InceptionAux : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "conv0")]
    private readonly BasicConv2d _conv0;
    [ComponentName(Name = "conv1")]
    private readonly BasicConv2d _conv1;
    [ComponentName(Name = "fc")]
    private readonly Linear _fc;

    public InceptionAux(long inChannels, long numClasses)
        : base(nameof(InceptionAux))
    {
        _conv0 = new(inChannels, 128, 1);
        _conv1 = new(128, 768, 5);
        _fc = Layers.Dense(768, numClasses);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();

        // torchvision pools 17x17 (299 px input) to 5x5 with a 5/3 average pool. Below 17x17 (inputs under ~299 px)
        // that pool would leave less than the 5x5 that conv1 needs, so pool adaptively to 5x5 instead.
        var y = x.shape[2] >= 17 && x.shape[3] >= 17
            ? nn.functional.avg_pool2d(x, 5, 3)
            : nn.functional.adaptive_avg_pool2d(x, 5);
        y = _conv1.forward(_conv0.forward(y));
        y = nn.functional.adaptive_avg_pool2d(y, 1).flatten(1);
        return _fc.forward(y).MoveToOuterDisposeScope();
    }
}
