namespace Ifcb.Models;

/// <summary>
/// The model card (<c>model.json</c>): what a trained model is, how its input is made and what its outputs
/// mean. Preprocessing and labels travel with the weights, so inference cannot get them wrong.
/// </summary>
public sealed record ModelCard
{
    /// <summary>The card format this code writes.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Card format version.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>A name for the model (e.g. the run folder name).</summary>
    public string ModelId { get; init; } = "";

    /// <summary>Registry name of the architecture (e.g. <c>inception_v3</c>).</summary>
    public string Architecture { get; init; } = "";

    /// <summary>Side of the square input in pixels.</summary>
    public int InputSize { get; init; }

    /// <summary>Input channels: 3 (gray copied) or 1.</summary>
    public int InputChannels { get; init; } = 3;

    /// <summary>Resize mode and normalisation.</summary>
    public PreprocessingSpec Preprocessing { get; init; } = new();

    /// <summary>Class labels in output order.</summary>
    public IReadOnlyList<string> ClassLabels { get; init; } = [];

    /// <summary>Optional per-class decision thresholds (same order as the labels); null = plain arg-max.</summary>
    public IReadOnlyList<double>? Thresholds { get; init; }

    /// <summary>Softmax temperature (calibration); 1 = none.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>File name of the weights beside the card.</summary>
    public string WeightsFile { get; init; } = "model.pt";

    /// <summary>How the model was trained; null for imported models.</summary>
    public TrainingProvenance? Training { get; init; }

    /// <summary>Validation statistics for count correction (<c>ifcb classify --correct</c>); null when not fitted.</summary>
    public QuantificationEstimates? Quantification { get; init; }

    /// <summary>All problems with the card, empty when it is usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (FormatVersion is < 1 or > CurrentFormatVersion)
        {
            problems.Add($"format_version {FormatVersion} is not supported (this build reads 1..{CurrentFormatVersion})");
        }

        if (string.IsNullOrWhiteSpace(Architecture))
        {
            problems.Add("architecture is missing");
        }

        if (string.IsNullOrWhiteSpace(WeightsFile))
        {
            problems.Add("weights_file is missing");
        }

        if (ClassLabels is null || ClassLabels.Count < 2)
        {
            problems.Add("class_labels must name at least 2 classes");
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var label in ClassLabels)
            {
                if (string.IsNullOrWhiteSpace(label))
                {
                    problems.Add("class_labels contains an empty label");
                }
                else if (!seen.Add(label))
                {
                    problems.Add($"class_labels contains '{label}' twice");
                }
            }

            if (Thresholds is not null)
            {
                if (Thresholds.Count != ClassLabels.Count)
                {
                    problems.Add($"thresholds has {Thresholds.Count} values for {ClassLabels.Count} classes");
                }
                else if (Thresholds.Any(t => !(t >= 0 && t <= 1)))
                {
                    problems.Add("thresholds must lie in [0, 1]");
                }
            }

            if (Quantification is not null)
            {
                problems.AddRange(Quantification.Problems(ClassLabels.Count));
            }
        }

        if (InputSize is < 8 or > 4096)
        {
            problems.Add($"input_size {InputSize} is outside 8..4096");
        }

        if (InputChannels is not (1 or 3))
        {
            problems.Add($"input_channels must be 1 or 3, not {InputChannels}");
        }

        if (!(Temperature > 0) || double.IsInfinity(Temperature))
        {
            problems.Add($"temperature must be positive, not {Temperature}");
        }

        if (Preprocessing is null)
        {
            problems.Add("preprocessing is missing");
        }
        else
        {
            problems.AddRange(Preprocessing.Problems(InputChannels));
        }

        return problems;
    }
}
