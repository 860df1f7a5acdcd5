using Ifcb.Evaluation.Calibration;
using Ifcb.Evaluation.Metrics;
using Ifcb.Evaluation.Plots;
using Ifcb.Evaluation.Thresholds;

namespace Ifcb.Evaluation;

/// <summary>Everything one evaluation computed, and the files it wrote.</summary>
public sealed class EvaluationResult
{
    /// <summary>The model id.</summary>
    public required string ModelId { get; init; }

    /// <summary>When the evaluation ran, ISO-8601 UTC.</summary>
    public required string Timestamp { get; init; }

    /// <summary>The class labels.</summary>
    public required IReadOnlyList<string> ClassLabels { get; init; }

    /// <summary>The number of evaluated items.</summary>
    public required int ItemCount { get; init; }

    /// <summary>The argmax predictions (0-based class indices).</summary>
    public required int[] Predicted { get; init; }

    /// <summary>Accuracy, F1, precision, recall, confusion matrix, top-k, log loss.</summary>
    public required ClassificationMetrics Metrics { get; init; }

    /// <summary>Bootstrap intervals (null when disabled).</summary>
    public required BootstrapResult? Bootstrap { get; init; }

    /// <summary>The fitted softmax temperature.</summary>
    public required double Temperature { get; init; }

    /// <summary>Negative log-likelihood before temperature scaling.</summary>
    public required double NllBefore { get; init; }

    /// <summary>Negative log-likelihood after temperature scaling.</summary>
    public required double NllAfter { get; init; }

    /// <summary>Reliability curve (and ECE) of the raw scores.</summary>
    public required ReliabilityCurve CalibrationBefore { get; init; }

    /// <summary>Reliability curve (and ECE) after temperature scaling.</summary>
    public required ReliabilityCurve CalibrationAfter { get; init; }

    /// <summary>Threshold curves and per-class thresholds, on the raw scores (as written to class files).</summary>
    public required ThresholdAnalysis Thresholds { get; init; }

    /// <summary>Temperature and thresholds for the model card.</summary>
    public required ModelCardCalibration ModelCard { get; init; }

    /// <summary>The rendered plots (empty when the report was not written).</summary>
    public IReadOnlyList<PlotImage> Plots { get; init; } = [];

    /// <summary>Paths of the files written, keyed by kind (results_json, results_h5, results_mat, report, plot names).</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();
}
