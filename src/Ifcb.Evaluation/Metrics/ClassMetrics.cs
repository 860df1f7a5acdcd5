namespace Ifcb.Evaluation.Metrics;

/// <summary>Precision, recall and F1 of one class, with its support (true items) and predicted count.</summary>
public sealed record ClassMetrics(string Label, int Support, int Predicted, double Precision, double Recall, double F1);
