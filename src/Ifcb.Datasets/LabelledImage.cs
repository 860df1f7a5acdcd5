using System.Globalization;

namespace Ifcb.Datasets;

/// <summary>One labelled training example: where its pixels come from and its (final) class name.</summary>
/// <param name="Path">The image file, or for an ROI inside a raw bin a <c>{bin path without extension}#{target}</c> reference (see <see cref="FromBin"/>).</param>
/// <param name="Label">Class name after class-config renames and merges.</param>
public sealed record LabelledImage(string Path, string Label)
{
    /// <summary>The bin (path without extension) of a bin ROI; null for an image file.</summary>
    public string? BinPath => ParseBinReference(Path, out _) ? Path[..Path.LastIndexOf('#')] : null;

    /// <summary>The target (ROI number) of a bin ROI; null for an image file.</summary>
    public int? Target => ParseBinReference(Path, out var target) ? target : null;

    /// <summary>The ROI id (file name without extension, or <c>{LID}_{target:05d}</c> for a bin ROI): what reports and lists show.</summary>
    public string Name => ParseBinReference(Path, out var target)
        ? Data.Ids.BinId.FormatRoiId(System.IO.Path.GetFileName(Path[..Path.LastIndexOf('#')]), target)
        : System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>The labelled ROI <paramref name="target"/> of the bin at <paramref name="binPath"/> (without extension).</summary>
    public static LabelledImage FromBin(string binPath, int target, string label)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(target, 1);
        return new LabelledImage(binPath + "#" + target.ToString(CultureInfo.InvariantCulture), label);
    }

    // A bin reference ends in '#' and digits; image files always end in an image extension, so they never match.
    private static bool ParseBinReference(string path, out int target)
    {
        target = 0;
        var hash = path.LastIndexOf('#');
        return hash > 0
            && hash < path.Length - 1
            && path.AsSpan(hash + 1).IndexOfAnyExceptInRange('0', '9') < 0
            && int.TryParse(path.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out target)
            && target > 0;
    }
}
