using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>Options of <c>ifcb slurm plan</c>.</summary>
public sealed class SlurmPlanSettings : CommandSettings
{
    /// <summary>The archive.</summary>
    [CommandArgument(0, "<ARCHIVE>")]
    [Description("The archive: directory trees, bins, list files or globs.")]
    public string[] Inputs { get; init; } = [];

    /// <summary>Tasks.</summary>
    [CommandOption("--tasks <N>")]
    [Description("Number of tasks (shards).")]
    public int Tasks { get; init; }

    /// <summary>Rate.</summary>
    [CommandOption("--rate <ROIS_PER_S>")]
    [Description("A measured rate of one task (ROIs/s, from a classify run's last line) to estimate each task's wall time.")]
    public double? Rate { get; init; }

    /// <summary>Plan file.</summary>
    [CommandOption("--out <FILE>")]
    [Description("Write the plan (bin,shard,rois) to FILE, for classify --plan.")]
    public string? Out { get; init; }

    /// <inheritdoc/>
    public override ValidationResult Validate()
        => Inputs.Length == 0 ? ValidationResult.Error("give the archive")
            : Tasks < 1 ? ValidationResult.Error("--tasks must be at least 1")
            : Rate <= 0 ? ValidationResult.Error("--rate must be positive")
            : ValidationResult.Success();
}
