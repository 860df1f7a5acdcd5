using Ifcb.Data;
using Ifcb.Data.Directories;
using Ifcb.Inference.Sources;

namespace Ifcb.Cluster;

/// <summary>Builds a ROI-balanced <see cref="ShardPlan"/> for an archive: counts each bin's ROIs from its ADC file.</summary>
public static class PlanBuilder
{
    /// <summary>Discovers the bins of <paramref name="inputs"/> and balances them over <paramref name="shards"/>.</summary>
    public static ShardPlan Build(IRoiSource source, IReadOnlyList<string> inputs, int shards, ICollection<BinFailure> problems)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(problems);
        var bins = new List<(string, int)>();
        foreach (var entry in source.Discover(inputs, BinFilter.None, problems))
        {
            int rois;
            try
            {
                using var bin = source.Open(entry);
                rois = bin.Targets.Count;
            }
            catch (Exception ex) when (ex is IfcbDataException or IOException or InvalidDataException)
            {
                // Planned with no weight: its task will report the failure.
                problems.Add(ex is IfcbDataException d ? new BinFailure(entry.Lid, d.FilePath, d.Message) : new BinFailure(entry.Lid, entry.Path, ex.Message));
                rois = 0;
            }

            bins.Add((entry.Lid, rois));
        }

        return ShardPlan.Balance(bins, shards);
    }

    /// <summary>Estimated wall seconds of a shard of <paramref name="rois"/> ROIs at <paramref name="rate"/> ROIs/s plus a fixed start-up.</summary>
    public static double EstimateSeconds(long rois, double rate, double startupSeconds) => startupSeconds + (rois / rate);
}
