using System.ComponentModel;
using Ifcb.Inference.Engine;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>Options of <c>ifcb slurm classify</c>.</summary>
public sealed class SlurmClassifySettings : CommandSettings
{
    /// <summary>The archive.</summary>
    [CommandArgument(0, "<ARCHIVE>")]
    [Description("The archive: directory trees, bins, list files or globs (as for classify).")]
    public string[] Inputs { get; init; } = [];

    /// <summary>The model.</summary>
    [CommandOption("--model <MODEL>")]
    [Description("The model, as for classify.")]
    public string? Model { get; init; }

    /// <summary>The shared output folder.</summary>
    [CommandOption("--out <DIR>")]
    [Description("The shared output folder (on storage every node sees). The job files go to DIR/slurm/, logs to DIR/logs/.")]
    public string? Out { get; init; }

    /// <summary>Array tasks.</summary>
    [CommandOption("--tasks <N>")]
    [Description("Number of array tasks (shards), balanced by ROI count.")]
    public int Tasks { get; init; }

    /// <summary>Partition.</summary>
    [CommandOption("--partition <P>")]
    [Description("SLURM partition.")]
    public string? Partition { get; init; }

    /// <summary>GPUs per task.</summary>
    [CommandOption("--gpus-per-task <G>")]
    [Description("GPUs per task; with G > 0 the tasks run --device cuda:all (one engine per GPU SLURM gives the task).")]
    public int GpusPerTask { get; init; }

    /// <summary>CPUs per task.</summary>
    [CommandOption("--cpus-per-task <C>")]
    [Description("CPUs per task (also the task's preprocessing workers).")]
    public int? CpusPerTask { get; init; }

    /// <summary>Memory.</summary>
    [CommandOption("--mem <M>")]
    [Description("Memory per task, e.g. 16G.")]
    public string? Mem { get; init; }

    /// <summary>Time limit.</summary>
    [CommandOption("--time <T>")]
    [Description("Time limit per task, e.g. 04:00:00.")]
    public string? Time { get; init; }

    /// <summary>Account.</summary>
    [CommandOption("--account <A>")]
    [Description("SLURM account.")]
    public string? Account { get; init; }

    /// <summary>Device.</summary>
    [CommandOption("--device <DEVICES>")]
    [Description("Each task's --device (default: cpu, or cuda:all with --gpus-per-task).")]
    public string? Device { get; init; }

    /// <summary>Formats.</summary>
    [CommandOption("--format <FORMATS>")]
    [Description("Output formats, as for classify.")]
    [DefaultValue("h5")]
    public string Format { get; init; } = "h5";

    /// <summary>Rate for the estimate.</summary>
    [CommandOption("--rate <ROIS_PER_S>")]
    [Description("A measured rate of one task (ROIs/s) to estimate each task's wall time.")]
    public double? Rate { get; init; }

    /// <summary>How the nodes run ifcb.</summary>
    [CommandOption("--ifcb <COMMAND>")]
    [Description("The command that runs ifcb on the nodes (default: this build, as absolute 'dotnet .../ifcb.dll').")]
    public string? Ifcb { get; init; }

    /// <summary>Submit.</summary>
    [CommandOption("--submit")]
    [Description("Submit with sbatch and print the job ids; without it the scripts are only written, for editing.")]
    public bool Submit { get; init; }

    /// <summary>Parsed formats.</summary>
    public IReadOnlyList<string> Formats => Format.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(f => f.ToLowerInvariant()).Distinct().ToList();

    /// <summary>The device each task runs.</summary>
    public string TaskDevice => Device ?? (GpusPerTask > 0 ? "cuda:all" : "cpu");

    /// <inheritdoc/>
    public override ValidationResult Validate()
    {
        if (Inputs.Length == 0)
        {
            return ValidationResult.Error("give the archive (a directory, bins or list files)");
        }

        if (string.IsNullOrWhiteSpace(Model) || string.IsNullOrWhiteSpace(Out))
        {
            return ValidationResult.Error("--model and --out are required");
        }

        if (Tasks < 1)
        {
            return ValidationResult.Error("--tasks must be at least 1");
        }

        if (GpusPerTask < 0 || CpusPerTask < 1 || Rate <= 0)
        {
            return ValidationResult.Error("--gpus-per-task must not be negative, --cpus-per-task and --rate must be positive");
        }

        if (Formats.Count == 0 || Formats.Any(f => !global::Ifcb.Inference.Outputs.ScoresFormats.Names.Contains(f)))
        {
            return ValidationResult.Error($"--format: unknown format in '{Format}' (use h5, csv, parquet)");
        }

        try
        {
            // Syntax only: the login node that writes the job usually has no GPU; cuda:all is resolved on each node.
            DeviceSpec.ParseList(TaskDevice, () => 1);
        }
        catch (FormatException ex)
        {
            return ValidationResult.Error(ex.Message);
        }

        return ValidationResult.Success();
    }
}
