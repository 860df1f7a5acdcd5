using Ifcb.Cluster;
using Ifcb.Inference.Sources;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>
/// <c>ifcb slurm resume</c>: resubmits only the shards whose bins are not all done (as an array of just those
/// indices) and a new reduce job after them; the old reduce job, which waits on a failed array forever, is cancelled.
/// Finished bins are never redone: each task skips bins whose outputs are valid.
/// </summary>
public sealed class SlurmResumeCommand(IAnsiConsole console) : Command<SlurmDirSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, SlurmDirSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            return Resume(SlurmJob.Load(settings.Dir), settings.DryRun);
        }
        catch (InvalidOperationException ex)
        {
            // squeue/scancel/sbatch missing or refusing: say so, no stack trace.
            throw new UsageException(ex.Message);
        }
    }

    private int Resume(SlurmJob job, bool dryRun)
    {
        if (JobLog.Last(job, "array") is { } previous && Slurm.Run("squeue", ["-h", "-j", previous, "-o", "%i"]) is { Code: 0 } q && q.Stdout.Trim().Length > 0)
        {
            throw new UsageException($"array job {previous} is still queued or running; resume after it ends (or scancel it)");
        }

        var states = ArchiveStatus.Check(job, new BinRoiSource(), new List<BinFailure>());
        var shards = ArchiveStatus.IncompleteShards(job, states);
        var notDone = states.Count(s => !s.Done);
        console.WriteLine(shards.Count == 0
            ? $"all {states.Count} bins of {job.Tasks} shards are done"
            : $"{notDone} of {states.Count} bins not done; shards to run again: {string.Join(',', shards)}");
        if (dryRun)
        {
            return ExitCodes.Success;
        }

        if (JobLog.Last(job, "reduce") is { } oldReduce)
        {
            Slurm.Cancel(oldReduce);
        }

        if (shards.Count == 0)
        {
            var reduce = SubmitReduceOnly(job);
            console.WriteLine($"reduce job: {reduce}");
            return ExitCodes.Success;
        }

        var (array, reduceJob) = SlurmClassifyCommand.Submit(job, shards);
        console.WriteLine($"array job: {array}");
        console.WriteLine($"reduce job: {reduceJob}");
        return ExitCodes.Success;
    }

    private static string SubmitReduceOnly(SlurmJob job)
    {
        try
        {
            var id = Slurm.Submit(job.ReduceScript, []);
            JobLog.Append(job, "reduce", id, string.Empty);
            return id;
        }
        catch (InvalidOperationException ex)
        {
            throw new Ifcb.Data.IfcbDataException(job.JobFolder, ex.Message, inner: ex);
        }
    }
}
