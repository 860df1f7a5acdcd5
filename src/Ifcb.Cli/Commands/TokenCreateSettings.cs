using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>Options of <c>ifcb serve token create</c>.</summary>
public sealed class TokenCreateSettings : ServeSettings
{
    /// <summary>The dataset the token may write to.</summary>
    [CommandOption("--dataset <NAME>")]
    [Description("The dataset the token may push to (created if new); '*' for every dataset.")]
    public string Dataset { get; init; } = "";

    /// <summary>A label.</summary>
    [CommandOption("--name <TEXT>")]
    [Description("A label for the token (who or what uses it).")]
    public string? Name { get; init; }

    /// <inheritdoc/>
    public override ValidationResult Validate()
        => string.IsNullOrWhiteSpace(Dataset) ? ValidationResult.Error("--dataset is required") : ValidationResult.Success();
}
