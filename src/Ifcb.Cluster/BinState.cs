using Ifcb.Inference.Sources;

namespace Ifcb.Cluster;

/// <summary>One bin of the archive as the outputs show it: its shard, ROIs, and whether every format is valid.</summary>
/// <param name="Entry">The bin.</param>
/// <param name="Shard">Its shard.</param>
/// <param name="Rois">ROIs in the bin (-1 when it cannot be opened).</param>
/// <param name="Done">Every requested output reads back complete.</param>
/// <param name="Problem">Why the bin cannot be opened, or null.</param>
public sealed record BinState(BinEntry Entry, int Shard, int Rois, bool Done, string? Problem);
