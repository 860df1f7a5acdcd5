namespace Ifcb.Server.Validation;

/// <summary>Per-class validation figures for one model (see docs/hub.md, Validation, for how each is computed).</summary>
/// <param name="Class">The predicted class.</param>
/// <param name="Confirmed">Decisions that kept the model's class.</param>
/// <param name="Relabelled">Decisions that gave another class.</param>
/// <param name="RandomSample">ROIs predicted as this class decided from the random queue (first decision per ROI).</param>
/// <param name="RandomConfirmed">Of those, how many kept the class.</param>
/// <param name="Precision">RandomConfirmed / RandomSample; null without a sample.</param>
/// <param name="PrecisionLow">Wilson 95 % lower bound.</param>
/// <param name="PrecisionHigh">Wilson 95 % upper bound.</param>
/// <param name="SharedRois">ROIs given this class by at least one annotator and decided by two or more.</param>
/// <param name="AgreedRois">Of those, ROIs where every annotator gave the same class.</param>
public sealed record ClassStats(string Class, int Confirmed, int Relabelled, int RandomSample, int RandomConfirmed,
    double? Precision, double? PrecisionLow, double? PrecisionHigh, int SharedRois, int AgreedRois)
{
    /// <summary>AgreedRois / SharedRois; null when no ROI of the class was seen twice.</summary>
    public double? Agreement => SharedRois == 0 ? null : (double)AgreedRois / SharedRois;
}
