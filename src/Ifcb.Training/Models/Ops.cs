using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ifcb.Training.Models;

/// <summary>Applies any module the registry uses through <see cref="ITensorOps{T}"/>.</summary>
internal static class Ops
{
    /// <summary>Dispatches on the module type; TorchSharp's leaf layers map to the matching operation.</summary>
    public static T Apply<T>(nn.Module module, ITensorOps<T> ops, T x) => module switch
    {
        IOpsModule m => m.Apply(ops, x),
        Conv2d conv => ops.Conv(conv, x),
        BatchNorm2d bn => ops.BatchNorm(bn, x),
        Linear fc => ops.Linear(fc, x),
        ReLU => ops.Relu(x),
        Hardswish => ops.HardSwish(x),
        Hardsigmoid => ops.HardSigmoid(x),
        Sigmoid => ops.Sigmoid(x),
        SiLU => ops.Silu(x),
        Dropout dropout => ops.Dropout(dropout, x),
        _ => throw new NotSupportedException($"No tensor operation for module type {module.GetType().Name}."),
    };
}
