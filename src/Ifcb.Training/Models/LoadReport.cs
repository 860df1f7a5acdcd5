namespace Ifcb.Training.Models;

/// <summary>What <see cref="PretrainedWeights.Load"/> did with a weights file.</summary>
/// <param name="Path">The weights file.</param>
/// <param name="LoadedKeys">State-dict entries copied into the model.</param>
/// <param name="SkippedHeadKeys">Classifier-head entries left at their fresh initialisation because their shape did not fit.</param>
/// <param name="ChannelSummedKeys">First-convolution weights summed over RGB for a single-channel model.</param>
public sealed record LoadReport(
    string Path,
    IReadOnlyList<string> LoadedKeys,
    IReadOnlyList<string> SkippedHeadKeys,
    IReadOnlyList<string> ChannelSummedKeys)
{
    /// <summary>A one-line human summary.</summary>
    public override string ToString()
    {
        var text = $"{Path}: loaded {LoadedKeys.Count} tensors";
        if (SkippedHeadKeys.Count > 0)
        {
            text += $"; skipped head ({string.Join(", ", SkippedHeadKeys)}: class count differs)";
        }

        if (ChannelSummedKeys.Count > 0)
        {
            text += $"; summed RGB to one channel ({string.Join(", ", ChannelSummedKeys)})";
        }

        return text;
    }
}
