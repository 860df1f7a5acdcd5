using System.Globalization;
using Ifcb.Cluster;
using Ifcb.Inference.Sources;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary><c>ifcb slurm plan</c>: bins and ROIs per shard, balanced by ROI count, and each task's estimated wall time.</summary>
public sealed class SlurmPlanCommand(IAnsiConsole console) : Command<SlurmPlanSettings>
{
    /// <summary>Seconds a task spends before its first batch (runtime start, model load, discovery): measured ~2-4 s here.</summary>
    internal const double StartupSeconds = 5;

    /// <inheritdoc/>
    public override int Execute(CommandContext context, SlurmPlanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new List<BinFailure>();
        var plan = PlanBuilder.Build(new BinRoiSource(), settings.Inputs, settings.Tasks, problems);
        if (plan.BinCount == 0)
        {
            throw new UsageException($"no bins found in {string.Join(", ", settings.Inputs)}");
        }

        Print(console, plan, settings.Rate);
        foreach (var p in problems)
        {
            console.WriteLine($"warning: {p.Bin}: {p.Reason} ({p.File})");
        }

        if (settings.Out is { } path)
        {
            plan.Write(path);
            console.WriteLine($"wrote {path}");
        }

        return ExitCodes.Success;
    }

    /// <summary>Prints the per-task table and, for comparison, the largest shard the id hash would give.</summary>
    internal static void Print(IAnsiConsole console, ShardPlan plan, double? rate)
    {
        var totals = plan.Totals();
        console.WriteLine(rate is null ? "task  bins  rois" : "task  bins  rois  est_wall_s");
        for (var k = 0; k < totals.Count; k++)
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"{k,4}  {totals[k].Bins,4}  {totals[k].Rois,4}");
            if (rate is { } r)
            {
                line += string.Create(CultureInfo.InvariantCulture, $"  {PlanBuilder.EstimateSeconds(totals[k].Rois, r, StartupSeconds),10:F0}");
            }

            console.WriteLine(line);
        }

        var total = totals.Sum(t => t.Rois);
        var largest = totals.Max(t => t.Rois);
        var summary = string.Create(CultureInfo.InvariantCulture, $"{plan.BinCount} bins, {total} ROIs in {plan.Count} tasks; largest task {largest} ROIs ({(total > 0 ? largest * plan.Count / (double)total : 1):F2} x the mean)");
        if (rate is { } rr)
        {
            summary += string.Create(CultureInfo.InvariantCulture, $"; archive wall time ~{PlanBuilder.EstimateSeconds(largest, rr, StartupSeconds):F0} s at {rr:G} ROIs/s per task when all tasks run at once");
        }

        console.WriteLine(summary);
    }
}
