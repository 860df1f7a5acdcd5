namespace Ifcb.Evaluation.Metrics;

/// <summary>Bootstrap intervals for the headline figures and the per-class F1 spread.</summary>
public sealed class BootstrapResult
{
    /// <summary>The number of resamples.</summary>
    public required int Resamples { get; init; }

    /// <summary>The seed of the resampling (same seed, same intervals).</summary>
    public required int Seed { get; init; }

    /// <summary>The confidence level of the intervals (e.g. 0.95).</summary>
    public required double Level { get; init; }

    /// <summary>Accuracy.</summary>
    public required ConfidenceInterval Accuracy { get; init; }

    /// <summary>Support-weighted F1.</summary>
    public required ConfidenceInterval F1Weighted { get; init; }

    /// <summary>Macro F1.</summary>
    public required ConfidenceInterval F1Macro { get; init; }

    /// <summary>Per-class F1, in class-index order (over the resamples in which the class has support).</summary>
    public required IReadOnlyList<ConfidenceInterval> F1PerClass { get; init; }
}
