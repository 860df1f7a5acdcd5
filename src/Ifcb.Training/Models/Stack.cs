using System.Globalization;
using static TorchSharp.torch;

namespace Ifcb.Training.Models;

/// <summary>
/// torch.nn.Sequential with children named "0", "1", ... (torchvision's state-dict names), written against
/// <see cref="ITensorOps{T}"/>.
/// </summary>
internal sealed class Stack : nn.Module<Tensor, Tensor>, IOpsModule
{
    private readonly List<nn.Module> _layers = [];

    public Stack(params nn.Module[] layers)
        : base(nameof(Stack))
    {
        for (var i = 0; i < layers.Length; i++)
        {
            register_module(i.ToString(CultureInfo.InvariantCulture), layers[i]);
            _layers.Add(layers[i]);
        }
    }

    public IReadOnlyList<nn.Module> Layers => _layers;

    /// <summary>Swaps child <paramref name="index"/> for <paramref name="replacement"/> (same name); the old one is disposed.</summary>
    public void Replace(int index, nn.Module replacement) =>
        _layers[index] = ModuleSlots.Replace(this, index.ToString(CultureInfo.InvariantCulture), _layers[index], replacement);

    public T Apply<T>(ITensorOps<T> ops, T x)
    {
        foreach (var layer in _layers)
        {
            x = Ops.Apply(layer, ops, x);
        }

        return x;
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return Apply(TorchOps.Instance, x).MoveToOuterDisposeScope();
    }
}
