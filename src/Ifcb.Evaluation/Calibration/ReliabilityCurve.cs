namespace Ifcb.Evaluation.Calibration;

/// <summary>
/// The reliability curve and expected calibration error (ECE) of the winning scores: bins of equal width over
/// [0, 1]; ECE = sum over bins of (bin count / N) * |accuracy - mean confidence| (Guo et al. 2017).
/// </summary>
public sealed class ReliabilityCurve
{
    /// <summary>The bins, lowest first (empty bins included, with Count 0).</summary>
    public required IReadOnlyList<ReliabilityBin> Bins { get; init; }

    /// <summary>The expected calibration error.</summary>
    public required double ExpectedCalibrationError { get; init; }

    /// <summary>Computes the curve from winning scores and whether each winner was right.</summary>
    public static ReliabilityCurve Compute(ReadOnlySpan<float> confidences, ReadOnlySpan<bool> correct, int bins = 15)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (confidences.Length != correct.Length)
        {
            throw new ArgumentException($"{confidences.Length} confidences for {correct.Length} outcomes");
        }

        var count = new int[bins];
        var confidenceSum = new double[bins];
        var hits = new int[bins];
        for (var i = 0; i < confidences.Length; i++)
        {
            // Bin b holds (b/B, (b+1)/B]; a confidence of exactly 0 joins the first bin.
            var b = Math.Clamp((int)Math.Ceiling(confidences[i] * (double)bins) - 1, 0, bins - 1);
            count[b]++;
            confidenceSum[b] += confidences[i];
            hits[b] += correct[i] ? 1 : 0;
        }

        var result = new ReliabilityBin[bins];
        double ece = 0;
        for (var b = 0; b < bins; b++)
        {
            var meanConfidence = count[b] > 0 ? confidenceSum[b] / count[b] : 0;
            var accuracy = count[b] > 0 ? (double)hits[b] / count[b] : 0;
            result[b] = new ReliabilityBin((double)b / bins, (double)(b + 1) / bins, count[b], meanConfidence, accuracy);
            if (confidences.Length > 0)
            {
                ece += (double)count[b] / confidences.Length * Math.Abs(accuracy - meanConfidence);
            }
        }

        return new ReliabilityCurve { Bins = result, ExpectedCalibrationError = ece };
    }

    /// <summary>The curve of an evaluation input's winning scores (optionally after temperature scaling).</summary>
    public static ReliabilityCurve Compute(EvaluationInput input, int bins = 15)
    {
        ArgumentNullException.ThrowIfNull(input);
        var predicted = input.PredictedClasses();
        var correct = new bool[input.Count];
        for (var i = 0; i < input.Count; i++)
        {
            correct[i] = predicted[i] == input.TrueClasses[i];
        }

        return Compute(input.WinningScores(), correct, bins);
    }
}
