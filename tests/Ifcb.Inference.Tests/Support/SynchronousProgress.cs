using Ifcb.Inference.Pipeline;

namespace Ifcb.Inference.Tests.Support;

/// <summary>An <see cref="IProgress{T}"/> that calls back on the reporting thread (Progress&lt;T&gt; posts to the pool).</summary>
internal sealed class SynchronousProgress(Action<ClassifyProgress> report) : IProgress<ClassifyProgress>
{
    public void Report(ClassifyProgress value) => report(value);
}
