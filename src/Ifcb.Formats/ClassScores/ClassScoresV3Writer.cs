using Ifcb.Formats.Hdf5;

namespace Ifcb.Formats.ClassScores;

/// <summary>
/// Writes <c>{LID}_class.h5</c> exactly as the v3 readers expect: gzip-compressed <c>output_scores</c> (N x C float32),
/// <c>class_labels</c> (variable-length ASCII), <c>roi_numbers</c> (uint32), <c>output_classes</c> (int32 argmax) and an
/// empty <c>metadata</c> dataset with <c>version</c>, <c>model_id</c>, <c>timestamp</c> and <c>bin_id</c> attributes.
/// </summary>
/// <remarks>
/// <c>output_classes</c> is int32: a class index is a small exact integer, MATLAB's <c>double()</c> and numpy keep it
/// exact, and int32 has room for any class count. ifcb_classifier's float16 rounds indices above 2048 and makes
/// readers compare floats with integers; uint16 roi numbers (also ifcb_classifier) overflow on long runs, hence uint32.
/// </remarks>
public static class ClassScoresV3Writer
{
    /// <summary>The conventional file name for a bin: <c>{LID}_class.h5</c>.</summary>
    public static string FileName(string binId) => $"{binId}_class.h5";

    /// <summary>Builds the file image in memory.</summary>
    public static byte[] ToBytes(ClassScoresV3 scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        scores.Validate();
        var builder = new Hdf5FileBuilder()
            .AddFloat32("output_scores", scores.Scores, scores.RoiCount, scores.ClassCount)
            .AddStrings("class_labels", scores.ClassLabels)
            .AddUInt32("roi_numbers", scores.RoiNumbers, scores.RoiCount)
            .AddInt32("output_classes", scores.OutputClasses(), scores.RoiCount)
            .AddEmpty("metadata", new Dictionary<string, string>
            {
                ["version"] = scores.Version,
                ["model_id"] = scores.ModelId,
                ["timestamp"] = scores.Timestamp,
                ["bin_id"] = scores.BinId,
            });
        if (scores.ClassNames is not null)
        {
            builder.AddStrings("class_name", scores.ClassNames);
        }

        if (scores.Thresholds is not null)
        {
            builder.AddFloat64("thresholds", scores.Thresholds, scores.ClassCount);
        }

        return builder.ToBytes();
    }

    /// <summary>Writes the file atomically to <paramref name="path"/>.</summary>
    public static void Write(string path, ClassScoresV3 scores)
        => Ifcb.Data.IO.AtomicFile.WriteAllBytes(path, ToBytes(scores));
}
