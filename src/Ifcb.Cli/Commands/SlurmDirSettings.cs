using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>Options of <c>ifcb slurm resume</c> and <c>ifcb slurm reduce</c>: the job's output folder.</summary>
public sealed class SlurmDirSettings : CommandSettings
{
    /// <summary>The output folder.</summary>
    [CommandArgument(0, "<DIR>")]
    [Description("The output folder of an `ifcb slurm classify` job.")]
    public string Dir { get; init; } = "";

    /// <summary>Only report.</summary>
    [CommandOption("--dry-run")]
    [Description("resume: list the shards that would be resubmitted, submit nothing.")]
    public bool DryRun { get; init; }

    /// <inheritdoc/>
    public override ValidationResult Validate()
        => string.IsNullOrWhiteSpace(Dir) ? ValidationResult.Error("give the job's output folder") : ValidationResult.Success();
}
