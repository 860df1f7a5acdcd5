namespace Ifcb.Training.Models;

/// <summary>A module whose computation is written against <see cref="ITensorOps{T}"/>.</summary>
internal interface IOpsModule
{
    /// <summary>Applies the module to <paramref name="x"/> through <paramref name="ops"/>.</summary>
    T Apply<T>(ITensorOps<T> ops, T x);
}
