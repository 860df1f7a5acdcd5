using System.Globalization;
using Ifcb.Cluster;
using Ifcb.Data;
using Ifcb.Inference.Sources;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>
/// <c>ifcb slurm classify</c>: plans an archive into N ROI-balanced shards, writes the array and reduce scripts and,
/// with <c>--submit</c>, submits them (the reduce job after the array, <c>afterok</c>).
/// </summary>
public sealed class SlurmClassifyCommand(IAnsiConsole console) : Command<SlurmClassifySettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, SlurmClassifySettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var job = new SlurmJob
        {
            Inputs = [.. settings.Inputs.Select(Path.GetFullPath)],
            Model = Path.GetFullPath(settings.Model!),
            Out = Path.GetFullPath(settings.Out!),
            Tasks = settings.Tasks,
            Formats = settings.Formats,
            Device = settings.TaskDevice,
            Ifcb = IfcbLauncher.Resolve(settings.Ifcb),
            Resources = new SlurmResources
            {
                Partition = settings.Partition,
                GpusPerTask = settings.GpusPerTask,
                CpusPerTask = settings.CpusPerTask,
                Mem = settings.Mem,
                Time = settings.Time,
                Account = settings.Account,
            },
        };
        if (!File.Exists(job.Model) && !Directory.Exists(job.Model))
        {
            throw new UsageException($"--model: no such file or folder: {job.Model}");
        }

        var problems = new List<BinFailure>();
        var plan = PlanBuilder.Build(new BinRoiSource(), job.Inputs, job.Tasks, problems);
        if (plan.BinCount == 0)
        {
            throw new UsageException($"no bins found in {string.Join(", ", settings.Inputs)}");
        }

        job.Save();
        plan.Write(job.PlanPath);
        SlurmScripts.Write(job);
        SlurmPlanCommand.Print(console, plan, settings.Rate);
        foreach (var p in problems)
        {
            console.WriteLine($"warning: {p.Bin}: {p.Reason} ({p.File})");
        }

        console.WriteLine($"wrote {job.ClassifyScript} and {job.ReduceScript}");
        if (!settings.Submit)
        {
            console.WriteLine($"submit with: ifcb slurm classify ... --submit, or: sbatch {job.ClassifyScript}, then sbatch --dependency=afterok:<array id> {job.ReduceScript}");
            return ExitCodes.Success;
        }

        var (array, reduce) = Submit(job, null);
        console.WriteLine($"array job: {array}");
        console.WriteLine($"reduce job: {reduce}");
        return ExitCodes.Success;
    }

    /// <summary>Submits the array (all tasks, or <paramref name="shards"/>) and a reduce job after it.</summary>
    internal static (string Array, string Reduce) Submit(SlurmJob job, IReadOnlyList<int>? shards)
    {
        try
        {
            var arrayOption = shards is null ? [] : new[] { "--array=" + string.Join(',', shards.Select(s => s.ToString(CultureInfo.InvariantCulture))) };
            var array = Slurm.Submit(job.ClassifyScript, arrayOption);
            JobLog.Append(job, "array", array, shards is null ? $"0-{job.Tasks - 1}" : string.Join(' ', shards));
            var reduce = Slurm.Submit(job.ReduceScript, [$"--dependency=afterok:{array}"]);
            JobLog.Append(job, "reduce", reduce, string.Empty);
            return (array, reduce);
        }
        catch (InvalidOperationException ex)
        {
            throw new IfcbDataException(job.JobFolder, ex.Message, inner: ex);
        }
    }
}
