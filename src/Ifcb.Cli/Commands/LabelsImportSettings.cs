using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>Options of <c>ifcb serve labels import</c>.</summary>
public sealed class LabelsImportSettings : ServeSettings
{
    /// <summary>Label sources.</summary>
    [CommandArgument(0, "<LABELS>")]
    [Description("pid,class CSV files, ifcb-analysis {bin id}.mat files, or folders of them (as for ifcb train --labels).")]
    public string[] Sources { get; init; } = [];

    /// <summary>The dataset.</summary>
    [CommandOption("--dataset <NAME>")]
    [Description("The dataset the ROIs belong to (created if new).")]
    public string Dataset { get; init; } = "";

    /// <summary>The account the decisions are recorded under.</summary>
    [CommandOption("--annotator <NAME>")]
    [Description("The account the annotations are recorded under (made without a password when new); default 'imported'.")]
    public string Annotator { get; init; } = "imported";

    /// <inheritdoc/>
    public override ValidationResult Validate()
        => string.IsNullOrWhiteSpace(Dataset) ? ValidationResult.Error("--dataset is required")
            : Sources.Length == 0 ? ValidationResult.Error("give at least one label file or folder") : ValidationResult.Success();
}
