using System.Globalization;
using Ifcb.Data;
using Ifcb.Formats.ClassScores;
using Ifcb.Inference.Sources;

namespace Ifcb.Inference.Outputs;

/// <summary>
/// The v3 <c>{LID}_class.h5</c> the Dashboard, pyifcb, ifcb-analysis and the SMHI tools read, written by
/// <c>Ifcb.Formats</c>: float32 scores, ASCII labels, uint32 roi_numbers, output_classes, and the empty
/// <c>metadata</c> dataset (version, model_id, timestamp = the run's start from the manifest, bin_id).
/// </summary>
public sealed class H5ScoresFormat : IScoresFormat
{
    // Debian's libhdf5 is the serial (not thread-safe) build: never let two threads of this process into it at once.
    private static readonly Lock Hdf5 = new();

    /// <inheritdoc/>
    public string Name => "h5";

    /// <inheritdoc/>
    public string PathFor(string root, BinEntry bin)
    {
        ArgumentNullException.ThrowIfNull(bin);
        return Path.Combine(OutputLayout.Folder(root, bin), ClassScoresV3Writer.FileName(bin.Lid));
    }

    /// <inheritdoc/>
    public void Write(string path, BinScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var v3 = new ClassScoresV3
        {
            BinId = scores.Lid,
            ClassLabels = scores.Labels,
            RoiNumbers = [.. scores.RoiNumbers.Select(t => (uint)t)],
            Scores = scores.Scores,
            ModelId = scores.ModelId,
            Timestamp = Timestamp(scores.RunTimestamp),
        };
        byte[] bytes;
        lock (Hdf5)
        {
            bytes = ClassScoresV3Writer.ToBytes(v3);
        }

        Ifcb.Data.IO.AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <inheritdoc/>
    public float[]? ReadValid(string path, BinScores expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (!File.Exists(path))
        {
            return null;
        }

        ClassScoresV3 stored;
        try
        {
            lock (Hdf5)
            {
                stored = ClassScoresV3Reader.Read(path);
            }
        }
        catch (Exception ex) when (ex is IfcbDataException or IOException or InvalidDataException or ArgumentException)
        {
            return null;
        }

        // A file from another model or another run start is redone too, so that a run's outputs agree with its manifest.
        var same = stored.BinId == expected.Lid
            && stored.ModelId == expected.ModelId
            && stored.Timestamp == Timestamp(expected.RunTimestamp)
            && stored.ClassLabels.SequenceEqual(expected.Labels)
            && stored.RoiNumbers.Length == expected.RoiNumbers.Count
            && stored.RoiNumbers.Select(r => (int)r).SequenceEqual(expected.RoiNumbers)
            && stored.Scores.Length == expected.RoiNumbers.Count * expected.Labels.Count;
        return same ? stored.Scores : null;
    }

    private static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
