using Ifcb.Data.Ids;

namespace Ifcb.Data.Directories;

/// <summary>A bin found on disk: its id, its files (null when missing) and what is wrong with them.</summary>
public sealed record DiscoveredBin(BinId Id, string BasePath, string? HdrPath, string? AdcPath, string? RoiPath, long FileSize, IReadOnlyList<string> Problems)
{
    /// <summary>True when all three files are present and non-empty (an empty bin's .adc may be empty).</summary>
    public bool IsComplete => Problems.Count == 0;

    /// <summary>The files, for <see cref="Bin.Open(BinFiles, Roi.RoiAccess)"/>; only valid when all three exist.</summary>
    public BinFiles Files => new(Id, BasePath + ".hdr", BasePath + ".adc", BasePath + ".roi");
}
