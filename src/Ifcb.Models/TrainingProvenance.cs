namespace Ifcb.Models;

/// <summary>How a model was made: enough to reproduce or audit the run.</summary>
public sealed record TrainingProvenance
{
    /// <summary>Git commit of the code that trained it, when known.</summary>
    public string? GitCommit { get; init; }

    /// <summary>The resolved training arguments, as given on the command line.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>A hash over the labelled image list (relative paths, classes, sizes).</summary>
    public string? DatasetFingerprint { get; init; }

    /// <summary>The random seed.</summary>
    public int Seed { get; init; }

    /// <summary>Number of training and validation images.</summary>
    public int TrainingImages { get; init; }

    /// <summary>Number of validation images.</summary>
    public int ValidationImages { get; init; }

    /// <summary>The kept (best) epoch, 1-based.</summary>
    public int BestEpoch { get; init; }

    /// <summary>Validation metrics of the best epoch (val_loss, accuracy, f1_macro, f1_weighted).</summary>
    public IReadOnlyDictionary<string, double> BestMetrics { get; init; } = new Dictionary<string, double>();

    /// <summary>When the card was written (UTC).</summary>
    public DateTimeOffset Created { get; init; }
}
