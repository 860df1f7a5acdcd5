using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>Options of <c>ifcb serve user add</c>.</summary>
public sealed class UserAddSettings : ServeSettings
{
    /// <summary>The account name.</summary>
    [CommandArgument(0, "<NAME>")]
    [Description("The account name (letters, digits, '.', '_', '-', '@').")]
    public string Name { get; init; } = "";

    /// <summary>The role.</summary>
    [CommandOption("--role <ROLE>")]
    [Description("reader (reads), annotator (also records validation decisions) or admin (also imports labels).")]
    public string Role { get; init; } = "";

    /// <summary>The password; prompted for when not given.</summary>
    [CommandOption("--password <PASSWORD>")]
    [Description("The password (at least 8 characters); asked for, not echoed, when not given.")]
    public string? Password { get; init; }

    /// <inheritdoc/>
    public override ValidationResult Validate()
        => Ifcb.Server.Auth.HubRoles.All.Contains(Role) ? ValidationResult.Success() : ValidationResult.Error("--role must be reader, annotator or admin");
}
