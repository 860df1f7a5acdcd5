using System.Globalization;
using System.Text;
using Ifcb.Data.IO;
using Ifcb.Inference.Runs;
using Ifcb.Inference.Sources;
using Ifcb.Inference.Summary;

namespace Ifcb.Cluster;

/// <summary>
/// The reduce step of a SLURM job: checks that every bin of the archive has a valid output, merges the shards'
/// summaries into one <c>summary.csv</c> + <c>summary.sqlite</c> (byte-identical to a single run's) and their failures
/// into one <c>failures.csv</c>. A bin that is missing is listed in <c>missing.csv</c> with its shard and reason, and
/// no archive summary is written: a partial summary would read as a complete one.
/// </summary>
public static class Reducer
{
    /// <summary>Reduces the job in <see cref="SlurmJob.Out"/>.</summary>
    public static ReduceResult Run(SlurmJob job, IRoiSource source)
    {
        ArgumentNullException.ThrowIfNull(job);
        var problems = new List<BinFailure>();
        var states = ArchiveStatus.Check(job, source, problems);

        // The shards' own files only (a one-task job's are summary.csv and failures.csv themselves).
        var suffixes = Enumerable.Range(0, job.Tasks).Select(k => new ShardSpec(k, job.Tasks).FileSuffix).ToList();
        var summaries = suffixes.Select(s => Path.Combine(job.Out, $"summary{s}.csv")).Where(File.Exists).ToList();
        var merged = summaries.Count > 0 ? SummaryMerge.Read(summaries) : null;
        var summarized = merged?.Bins.Select(b => b.Lid).ToHashSet(StringComparer.Ordinal) ?? [];

        var failures = problems
            .Concat(suffixes.Select(s => Path.Combine(job.Out, $"failures{s}.csv")).Where(File.Exists).SelectMany(FailuresReport.Read))
            .Distinct()
            .OrderBy(f => f.Bin, StringComparer.Ordinal)
            .ToList();
        var reasons = failures.GroupBy(f => f.Bin, StringComparer.Ordinal).ToDictionary(g => g.Key, g => $"{g.First().File}: {g.First().Reason}", StringComparer.Ordinal);

        var missing = new List<(BinState, string)>();
        foreach (var state in states)
        {
            if (!state.Done || !summarized.Contains(state.Entry.Lid))
            {
                var reason = reasons.GetValueOrDefault(state.Entry.Lid)
                    ?? state.Problem
                    ?? (state.Done ? $"not in the summaries of shard {state.Shard}" : $"no valid output (shard {state.Shard} did not finish it)");
                missing.Add((state, reason));
            }
        }

        FailuresReport.Write(Path.Combine(job.Out, "failures.csv"), failures);
        var missingPath = Path.Combine(job.Out, "missing.csv");
        if (missing.Count > 0)
        {
            var text = new StringBuilder("bin,shard,reason\n");
            foreach (var (state, reason) in missing)
            {
                text.Append(state.Entry.Lid).Append(',').Append(state.Shard.ToString(CultureInfo.InvariantCulture)).Append(",\"").Append(reason.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\"\n");
            }

            AtomicFile.WriteAllText(missingPath, text.ToString());
            return new ReduceResult(states.Count, missing, failures, null);
        }

        File.Delete(missingPath);
        var archive = states.Select(s => s.Entry.Lid).ToHashSet(StringComparer.Ordinal);
        var summary = merged is null
            ? new MergedSummary(ModelLabels(job), null, [], [])
            : merged with { Bins = merged.Bins.Where(b => archive.Contains(b.Lid)).ToList() };
        summary.Write(job.Out);
        return new ReduceResult(states.Count, missing, failures, summary);
    }

    private static IReadOnlyList<string> ModelLabels(SlurmJob job) => Ifcb.Inference.Models.ModelLoader.Load(job.Model).Labels;
}
