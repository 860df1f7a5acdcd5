namespace Ifcb.Evaluation.Thresholds;

/// <summary>
/// The chosen threshold of one class and what it does on the validation data: precision, recall and F1 of the class
/// when its winners below the threshold become "unclassified", and the fraction of its winners kept.
/// </summary>
public sealed record ClassThreshold(
    string Label,
    double Threshold,
    double Precision,
    double Recall,
    double F1,
    double Coverage,
    bool ReachedTarget);
