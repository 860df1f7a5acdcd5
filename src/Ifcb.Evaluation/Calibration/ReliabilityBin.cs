namespace Ifcb.Evaluation.Calibration;

/// <summary>One confidence bin of a reliability curve: items whose winning score falls in (Lower, Upper].</summary>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanConfidence, double Accuracy);
