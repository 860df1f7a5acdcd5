using Ifcb.Inference.Sources;

namespace Ifcb.Inference.Outputs;

/// <summary>
/// The per-bin folder layout. The IFCB Dashboard finds a bin's class file with pyifcb's non-exhaustive search, which
/// descends only into folders whose name is a substring of the file name, so each id scheme gets folders cut from its
/// own id: <c>D{YYYY}/D{YYYYMMDD}/</c> for v2 ids (ifcb_classifier's default) and <c>IFCB{n}_{YYYY}/IFCB{n}_{YYYY}_{DOY}/</c>
/// for v1 ids (the day folders of ifcb-analysis's v1 data). docs/outputs-layout.md describes it.
/// </summary>
public static class OutputLayout
{
    /// <summary>The folder for <paramref name="bin"/> under <paramref name="root"/>.</summary>
    public static string Folder(string root, BinEntry bin)
    {
        ArgumentNullException.ThrowIfNull(bin);
        if (IsV1(bin.Lid))
        {
            // IFCB5_2012_028_081515 -> IFCB5_2012/IFCB5_2012_028: prefixes of the id itself, so always substrings of it.
            var parts = bin.Lid.Split('_');
            return Path.Combine(root, $"{parts[0]}_{parts[1]}", $"{parts[0]}_{parts[1]}_{parts[2]}");
        }

        return LegacyFolder(root, bin);
    }

    /// <summary>
    /// Where earlier versions wrote every bin, <c>D{YYYY}/D{YYYYMMDD}/</c> by sample time: still read on resume, so
    /// that v1 bins classified before the layout changed are moved rather than redone.
    /// </summary>
    public static string LegacyFolder(string root, BinEntry bin)
    {
        ArgumentNullException.ThrowIfNull(bin);
        var t = bin.Timestamp.UtcDateTime;
        return Path.Combine(root, $"D{t:yyyy}", $"D{t:yyyyMMdd}");
    }

    /// <summary>The ROI id <c>{LID}_{target:05d}</c>.</summary>
    public static string RoiId(string lid, int target) => Data.Ids.BinId.FormatRoiId(lid, target);

    // v1 ids are IFCB{n}_{yyyy}_{ddd}_{HHMMSS}; v2 ids start with D{yyyyMMdd}T.
    private static bool IsV1(string lid) => lid.StartsWith("IFCB", StringComparison.Ordinal) && lid.Split('_').Length == 4;
}
