using Ifcb.Evaluation.Thresholds;

namespace Ifcb.Evaluation;

/// <summary>Settings of one evaluation; the defaults are what the CLI and the trainer use.</summary>
public sealed class EvaluationOptions
{
    /// <summary>The model id written into the results files and the report.</summary>
    public string ModelId { get; init; } = "model";

    /// <summary>When the evaluation ran (results files, report); fixed in tests for reproducible output.</summary>
    public DateTimeOffset Timestamp { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The precision per-class thresholds and the operating point aim for.</summary>
    public double TargetPrecision { get; init; } = 0.95;

    /// <summary>How per-class thresholds are chosen.</summary>
    public ThresholdRule ThresholdRule { get; init; } = ThresholdRule.TargetPrecision;

    /// <summary>The number of thresholds from 0 to 1 (101: steps of 0.01).</summary>
    public int ThresholdSteps { get; init; } = 101;

    /// <summary>The number of equal-width confidence bins of the calibration error.</summary>
    public int CalibrationBins { get; init; } = 15;

    /// <summary>Bootstrap resamples for the confidence intervals (0 disables the bootstrap).</summary>
    public int BootstrapResamples { get; init; } = 1000;

    /// <summary>The seed of the bootstrap.</summary>
    public int BootstrapSeed { get; init; } = 20240611;

    /// <summary>Whether to write <c>results.json</c>, <c>results.h5</c> and <c>results.mat</c>.</summary>
    public bool WriteResultsFiles { get; init; } = true;

    /// <summary>Whether to render the PNG plots and <c>report.html</c>.</summary>
    public bool WriteReport { get; init; } = true;
}
