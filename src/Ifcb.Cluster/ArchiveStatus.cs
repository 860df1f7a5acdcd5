using Ifcb.Data;
using Ifcb.Data.Directories;
using Ifcb.Inference.Models;
using Ifcb.Inference.Outputs;
using Ifcb.Inference.Runs;
using Ifcb.Inference.Sources;

namespace Ifcb.Cluster;

/// <summary>
/// Which bins of a job's archive have valid outputs, by shard. "Valid" is the rule classify itself uses to skip a
/// bin: every requested format reads back complete and matching (labels, ROI numbers, model id, run time).
/// </summary>
public static class ArchiveStatus
{
    /// <summary>Discovers the archive's bins and checks each one's outputs.</summary>
    public static IReadOnlyList<BinState> Check(SlurmJob job, IRoiSource source, ICollection<BinFailure> problems)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(source);
        var model = ModelLoader.Load(job.Model);
        var plan = File.Exists(job.PlanPath) ? ShardPlan.Read(job.PlanPath) : null;
        var manifestPath = Path.Combine(job.Out, RunManifest.FileName);
        var manifest = File.Exists(manifestPath) ? RunManifest.Read(manifestPath) : null;
        var formats = job.Formats.Select(f => ScoresFormats.Create(f) ?? throw new IfcbDataException(job.Out, $"unknown output format '{f}' in job.json")).ToList();
        var states = new List<BinState>();
        foreach (var entry in source.Discover(job.Inputs, BinFilter.None, problems))
        {
            // The same rule as ShardSpec.Contains: the plan's shard, else the id hash.
            var index = plan?.ShardOf(entry.Lid) ?? (int)(ShardSpec.StableHash(entry.Lid) % (ulong)job.Tasks);
            try
            {
                using var bin = source.Open(entry);
                var targets = bin.Targets.ToArray();
                var done = manifest is not null && formats.All(f => f.ReadValid(f.PathFor(job.Out, entry), new BinScores
                {
                    Lid = entry.Lid,
                    Labels = model.Labels,
                    RoiNumbers = targets,
                    Scores = [],
                    ModelId = model.ModelId,
                    RunTimestamp = manifest.Started,
                }) is not null);
                states.Add(new BinState(entry, index, targets.Length, done, null));
            }
            catch (Exception ex) when (ex is IfcbDataException or IOException or InvalidDataException)
            {
                states.Add(new BinState(entry, index, -1, false, ex.Message));
            }
        }

        return states;
    }

    /// <summary>
    /// The shards to run again: those with a bin that has no valid output, or whose summary file is missing or lacks
    /// one of its bins (a task killed after its last bin but before its summary).
    /// </summary>
    public static IReadOnlyList<int> IncompleteShards(SlurmJob job, IReadOnlyList<BinState> states)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(states);
        var incomplete = new SortedSet<int>(states.Where(s => !s.Done).Select(s => s.Shard));
        foreach (var group in states.Where(s => s.Done).GroupBy(s => s.Shard))
        {
            var path = Path.Combine(job.Out, $"summary{new ShardSpec(group.Key, job.Tasks).FileSuffix}.csv");
            var listed = File.Exists(path)
                ? Ifcb.Inference.Summary.SummaryMerge.Read([path]).Bins.Select(b => b.Lid).ToHashSet(StringComparer.Ordinal)
                : [];
            if (group.Any(s => !listed.Contains(s.Entry.Lid)))
            {
                incomplete.Add(group.Key);
            }
        }

        return [.. incomplete];
    }
}
