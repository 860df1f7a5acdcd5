namespace Ifcb.Evaluation.Thresholds;

/// <summary>
/// Coverage (fraction of winners kept, score &gt;= threshold) and precision of the kept winners at each threshold.
/// Precision is null where nothing is kept.
/// </summary>
public sealed record ThresholdCurve(string Label, double[] Thresholds, double[] Coverage, double?[] Precision, int[] Kept, int[] Correct);
