using System.Globalization;

namespace Ifcb.Push;

/// <summary>Builds a <see cref="PushPayload"/> from one bin's counts (as a classify run's summary holds them).</summary>
public static class PayloadBuilder
{
    /// <summary>
    /// The payload of one bin. <paramref name="winners"/> and <paramref name="above"/> are per class in label order;
    /// NaN volumes become null because JSON has no NaN and the hub must not divide by it.
    /// </summary>
    public static PushPayload Build(
        string bin,
        DateTimeOffset sampleTime,
        string instrument,
        double mlAnalyzed,
        int roiCount,
        IReadOnlyList<string> labels,
        IReadOnlyList<float>? thresholds,
        IReadOnlyList<int> winners,
        IReadOnlyList<int> above,
        string modelId,
        string modelSha256)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(winners);
        ArgumentNullException.ThrowIfNull(above);
        if (winners.Count != labels.Count || above.Count != labels.Count || (thresholds is not null && thresholds.Count != labels.Count))
        {
            throw new ArgumentException($"bin {bin}: {labels.Count} labels but {winners.Count} winner counts, {above.Count} above-threshold counts");
        }

        var classes = new PushClass[labels.Count];
        for (var c = 0; c < labels.Count; c++)
        {
            classes[c] = new PushClass
            {
                Name = labels[c],
                WinnerCount = winners[c],
                AboveThresholdCount = above[c],
                Threshold = thresholds?[c],
            };
        }

        return new PushPayload
        {
            Bin = bin,
            SampleTime = sampleTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            Instrument = instrument,
            MlAnalyzed = double.IsFinite(mlAnalyzed) ? mlAnalyzed : null,
            RoiCount = roiCount,
            Model = new PushModel { Id = modelId, Sha256 = modelSha256 },
            Classes = classes,
        };
    }
}
