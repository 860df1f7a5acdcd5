using Ifcb.Inference.Sources;

namespace Ifcb.Inference.Outputs;

/// <summary>The per-bin folder layout, <c>D{YYYY}/D{YYYYMMDD}/</c> (ifcb_classifier's default, found by pyifcb's v3 search).</summary>
public static class OutputLayout
{
    /// <summary>The folder for <paramref name="bin"/> under <paramref name="root"/>.</summary>
    public static string Folder(string root, BinEntry bin)
    {
        ArgumentNullException.ThrowIfNull(bin);
        var t = bin.Timestamp.UtcDateTime;
        return Path.Combine(root, $"D{t:yyyy}", $"D{t:yyyyMMdd}");
    }

    /// <summary>The ROI id <c>{LID}_{target:05d}</c>.</summary>
    public static string RoiId(string lid, int target) => Data.Ids.BinId.FormatRoiId(lid, target);
}
