namespace Ifcb.Evaluation.Metrics;

/// <summary>A point estimate with a percentile bootstrap interval and the bootstrap standard deviation.</summary>
public sealed record ConfidenceInterval(double Value, double Lower, double Upper, double StandardDeviation);
