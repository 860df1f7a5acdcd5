using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>Options of <c>ifcb serve import</c>.</summary>
public sealed class ServeImportSettings : ServeSettings
{
    /// <summary>The classify output folder.</summary>
    [CommandArgument(0, "<RUN>")]
    [Description("An `ifcb classify` output folder (summary CSV and {bin}_class.h5 files).")]
    public string Run { get; init; } = "";

    /// <summary>The dataset to import into.</summary>
    [CommandOption("--dataset <NAME>")]
    [Description("The dataset to store the bins in (created if new).")]
    public string Dataset { get; init; } = "";

    /// <inheritdoc/>
    public override ValidationResult Validate()
        => string.IsNullOrWhiteSpace(Dataset) ? ValidationResult.Error("--dataset is required") : ValidationResult.Success();
}
