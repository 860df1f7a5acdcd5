using Ifcb.Cluster;
using Ifcb.Inference.Sources;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>
/// <c>ifcb slurm reduce</c> (what the reduce job runs): one summary for the archive, the merged failures report, and a
/// check that every bin has a valid output; exit 1 naming each missing bin otherwise.
/// With <c>--push URL</c>, a complete reduce then pushes every bin's counts to the hub, as <c>ifcb push</c> does.
/// </summary>
public sealed class SlurmReduceCommand(IAnsiConsole console, ErrorWriter errors) : Command<SlurmDirSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, SlurmDirSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var job = SlurmJob.Load(settings.Dir);
        var result = Reducer.Run(job, new BinRoiSource());
        if (!result.Complete)
        {
            foreach (var (bin, reason) in result.Missing)
            {
                errors.Failure(bin.Entry.Lid, $"shard {bin.Shard}: {reason}");
            }

            console.WriteLine($"{result.Missing.Count} of {result.Bins} bins have no valid output (listed in {Path.Combine(job.Out, "missing.csv")}); no archive summary written. Run `ifcb slurm resume {job.Out}`.");
            return ExitCodes.SomeFailed;
        }

        console.WriteLine($"{result.Bins} bins: every one has valid outputs; wrote summary.csv and summary.sqlite ({result.Summary!.Bins.Count} bins) and failures.csv ({result.Failures.Count} rows) in {job.Out}");
        return settings.Push is null
            ? ExitCodes.Success
            : PushCommand.PushRun(console, errors, job.Out, new Uri(settings.Push), settings.HubToken!, settings.Dataset, retries: 5, cancellationToken);
    }
}
