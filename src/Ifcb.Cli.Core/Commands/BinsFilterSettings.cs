using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>The inputs and filters shared by <c>bins list</c> and <c>bins extract</c>.</summary>
public class BinsFilterSettings : ArchiveFilterSettings
{
    [CommandArgument(0, "<PATHS>")]
    [Description("Directories (searched recursively) or bins (a path with or without .hdr/.adc/.roi).")]
    public string[] Paths { get; set; } = [];

    /// <inheritdoc/>
    public override ValidationResult Validate()
        => Paths.Length == 0 ? ValidationResult.Error("give at least one directory or bin") : ValidateFilters() ?? ValidationResult.Success();
}
