namespace Ifcb.Push;

/// <summary>One class's counts in a push.</summary>
public sealed record PushClass
{
    /// <summary>The class label.</summary>
    public required string Name { get; init; }

    /// <summary>Argmax winners.</summary>
    public required int WinnerCount { get; init; }

    /// <summary>Winners at or above the class threshold.</summary>
    public required int AboveThresholdCount { get; init; }

    /// <summary>The class threshold (null when the model has none).</summary>
    public float? Threshold { get; init; }

    /// <summary>A corrected count (filled by count correction; null here).</summary>
    public PushCorrected? Corrected { get; init; }
}
