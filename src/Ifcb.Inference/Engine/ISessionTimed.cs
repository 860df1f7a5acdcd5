namespace Ifcb.Inference.Engine;

/// <summary>An engine that adds up the time spent inside its runtime session (for the pipeline's stage profile).</summary>
public interface ISessionTimed
{
    /// <summary><see cref="System.Diagnostics.Stopwatch"/> ticks spent in the session's <c>Run</c> so far.</summary>
    long SessionTicks { get; }
}
