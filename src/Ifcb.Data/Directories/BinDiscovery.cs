namespace Ifcb.Data.Directories;

/// <summary>The result of a directory scan: the bins (sorted by time, then id) and the raw-looking files that are not bins.</summary>
public sealed record BinDiscovery(IReadOnlyList<DiscoveredBin> Bins, IReadOnlyList<IfcbDataException> Rejected);
