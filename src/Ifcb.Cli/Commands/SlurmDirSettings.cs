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

    /// <summary>Hub to push the archive's counts to after a complete reduce.</summary>
    [CommandOption("--push <URL>")]
    [Description("reduce: after a complete reduce, push every bin's counts to this hub (token from IFCB_HUB_TOKEN, so no secret lands in a job script; resumable through outbox.sqlite in DIR).")]
    public string? Push { get; init; }

    /// <summary>The hub token (default IFCB_HUB_TOKEN).</summary>
    [CommandOption("--token <TOKEN>")]
    [Description("reduce --push: the hub's bearer token (default: IFCB_HUB_TOKEN; in a job script prefer the variable).")]
    public string? Token { get; init; }

    /// <summary>The token given or from the environment.</summary>
    public string? HubToken => Token ?? Environment.GetEnvironmentVariable("IFCB_HUB_TOKEN");

    /// <summary>The hub dataset.</summary>
    [CommandOption("--dataset <NAME>")]
    [Description("reduce --push: the hub dataset (default: each bin's instrument).")]
    public string? Dataset { get; init; }

    /// <inheritdoc/>
    public override ValidationResult Validate()
        => string.IsNullOrWhiteSpace(Dir) ? ValidationResult.Error("give the job's output folder")
            : Push is not null && !Uri.TryCreate(Push, UriKind.Absolute, out _) ? ValidationResult.Error($"--push: '{Push}' is not an absolute URL")
            : Push is not null && HubToken is null ? ValidationResult.Error("--push needs --token or the hub token in IFCB_HUB_TOKEN")
            : ValidationResult.Success();
}
