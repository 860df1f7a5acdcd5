namespace Ifcb.Evaluation.Metrics;

/// <summary>The figures a training run tracks per epoch (see <see cref="ClassificationMetrics.Headline"/>).</summary>
/// <param name="Accuracy">The fraction of items predicted as their true class.</param>
/// <param name="F1Macro">Unweighted mean F1 over the classes present in the truth or the predictions.</param>
/// <param name="F1Weighted">Mean F1 weighted by true-class support.</param>
public sealed record HeadlineMetrics(double Accuracy, double F1Macro, double F1Weighted);
