namespace Ifcb.Synthetic;

/// <summary>What <see cref="SyntheticArchiveWriter.Write"/> wrote.</summary>
public sealed record SyntheticArchiveResult(
    string Root,
    IReadOnlyList<string> HeaderPaths,
    IReadOnlyList<string> Lids,
    int Rois,
    int Lines,
    string GroundTruthPath);
