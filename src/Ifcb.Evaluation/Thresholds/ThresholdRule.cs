namespace Ifcb.Evaluation.Thresholds;

/// <summary>How a per-class score threshold is chosen.</summary>
public enum ThresholdRule
{
    /// <summary>The smallest threshold at which the kept winners of the class reach the target precision
    /// (falling back to the F1-maximising threshold, flagged, when no threshold reaches it).</summary>
    TargetPrecision,

    /// <summary>The threshold that maximises the class's F1 when items below it become "unclassified".</summary>
    MaximiseF1,
}
