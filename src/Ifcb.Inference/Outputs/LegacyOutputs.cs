using Ifcb.Inference.Sources;

namespace Ifcb.Inference.Outputs;

/// <summary>
/// Resume across the layout change: a complete output found only at <see cref="OutputLayout.LegacyFolder"/> is moved
/// to where <see cref="IScoresFormat.PathFor"/> now puts it (one rename, atomic on one file system), so the bin is
/// skipped and the Dashboard can find the file.
/// </summary>
public static class LegacyOutputs
{
    /// <summary>Returns the stored scores at the current path, after moving a valid legacy file there if needed.</summary>
    public static float[]? ReadValid(IScoresFormat format, string root, BinEntry bin, BinScores expected)
    {
        ArgumentNullException.ThrowIfNull(format);
        var path = format.PathFor(root, bin);
        var scores = format.ReadValid(path, expected);
        if (scores is not null || File.Exists(path))
        {
            return scores;
        }

        var legacy = Path.Combine(OutputLayout.LegacyFolder(root, bin), Path.GetFileName(path));
        if (legacy == path || format.ReadValid(legacy, expected) is not { } old)
        {
            return null;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Move(legacy, path);
            return old;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Cannot move it (read-only archive, say): redo the bin into the new place.
            return null;
        }
    }
}
