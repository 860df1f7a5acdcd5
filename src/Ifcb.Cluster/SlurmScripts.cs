using System.Globalization;
using System.Text;
using Ifcb.Data.IO;

namespace Ifcb.Cluster;

/// <summary>
/// The two batch scripts of a job: the array (one <c>ifcb classify --shard K/N --plan</c> per task, all into the shared
/// output folder, where per-bin files never collide) and the reduce job. Users may edit them before submitting:
/// <c>resume</c> resubmits the same files with <c>--array=LIST</c> on the command line, which overrides the directive.
/// </summary>
public static class SlurmScripts
{
    /// <summary>Writes <c>classify.sh</c> and <c>reduce.sh</c> (executable) and creates the log folder.</summary>
    public static void Write(SlurmJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        Directory.CreateDirectory(job.JobFolder);
        Directory.CreateDirectory(job.LogFolder);
        AtomicFile.WriteAllText(job.ClassifyScript, Classify(job));
        AtomicFile.WriteAllText(job.ReduceScript, Reduce(job));
        if (!OperatingSystem.IsWindows())
        {
            foreach (var script in new[] { job.ClassifyScript, job.ReduceScript })
            {
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
        }
    }

    /// <summary>The array script.</summary>
    public static string Classify(SlurmJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var r = job.Resources;
        var text = new StringBuilder("#!/bin/bash\n");
        text.Append("#SBATCH --job-name=ifcb-classify\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --array=0-{job.Tasks - 1}\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={Path.Combine(job.LogFolder, "classify-%A_%a.log")}\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --chdir={job.Out}\n");
        text.Append("#SBATCH --ntasks=1\n");
        Resources(text, r, r.CpusPerTask);
        if (r.GpusPerTask > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"#SBATCH --gpus-per-task={r.GpusPerTask}\n");
        }

        text.Append("# Written by `ifcb slurm classify`. Each task classifies its shard of the plan into the shared folder;\n")
            .Append("# bins already done are skipped, so a failed or pre-empted task is simply run again (`ifcb slurm resume`).\n")
            .Append("set -u\n")
            .Append("export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1\n")
            .Append("rc=0\n");
        var args = new List<string>(job.Ifcb) { "classify" };
        args.AddRange(job.Inputs);
        args.AddRange(["--model", job.Model, "--out", job.Out, "--format", string.Join(',', job.Formats), "--plan", job.PlanPath, "--device", job.Device]);
        if (r.CpusPerTask is { } cpus)
        {
            args.AddRange(["--workers", cpus.ToString(CultureInfo.InvariantCulture)]);
        }

        text.Append(string.Join(' ', args.Select(Quote)))
            .Append(CultureInfo.InvariantCulture, $" --shard \"${{SLURM_ARRAY_TASK_ID}}/{job.Tasks}\" || rc=$?\n")
            .Append("# 1: the task ran, but some bins could not be classified (named in failures-K-of-N.csv). The task counts\n")
            .Append("# as done so that the reduce job runs and reports them; any other code fails the task.\n")
            .Append("if [ \"$rc\" = 1 ]; then exit 0; fi\n")
            .Append("exit \"$rc\"\n");
        return text.ToString();
    }

    /// <summary>The reduce script (run after the array with <c>--dependency=afterok</c>).</summary>
    public static string Reduce(SlurmJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var text = new StringBuilder("#!/bin/bash\n");
        text.Append("#SBATCH --job-name=ifcb-reduce\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={Path.Combine(job.LogFolder, "reduce-%j.log")}\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --chdir={job.Out}\n");
        text.Append("#SBATCH --ntasks=1\n");
        Resources(text, job.Resources with { Mem = null }, cpus: 1);
        text.Append("# Written by `ifcb slurm classify`: one summary for the archive, the merged failures report, and a check that\n")
            .Append("# every bin has a valid output (exit 1 listing the missing bins otherwise).\n")
            .Append("set -u\n")
            .Append("export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1\n")
            .Append("exec ")
            .Append(string.Join(' ', job.Ifcb.Concat(["slurm", "reduce", job.Out]).Select(Quote)))
            .Append('\n');
        return text.ToString();
    }

    /// <summary>Single-quotes a word for bash.</summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    private static void Resources(StringBuilder text, SlurmResources r, int? cpus)
    {
        if (r.Partition is { } partition)
        {
            text.Append(CultureInfo.InvariantCulture, $"#SBATCH --partition={partition}\n");
        }

        if (r.Account is { } account)
        {
            text.Append(CultureInfo.InvariantCulture, $"#SBATCH --account={account}\n");
        }

        if (cpus is { } c)
        {
            text.Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={c}\n");
        }

        if (r.Mem is { } mem)
        {
            text.Append(CultureInfo.InvariantCulture, $"#SBATCH --mem={mem}\n");
        }

        if (r.Time is { } time)
        {
            text.Append(CultureInfo.InvariantCulture, $"#SBATCH --time={time}\n");
        }
    }
}
