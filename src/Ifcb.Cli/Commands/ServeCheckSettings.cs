using System.ComponentModel;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>Options of <c>ifcb serve check</c>.</summary>
public sealed class ServeCheckSettings : ServeSettings
{
    /// <summary>Delete the score files no row references.</summary>
    [CommandOption("--remove-unreferenced")]
    [Description("Delete the score files no result references (left by a crash between a push's file and its commit). Files younger than --min-age are never touched.")]
    public bool RemoveUnreferenced { get; init; }

    /// <summary>Files younger than this many minutes are left alone.</summary>
    [CommandOption("--min-age <MINUTES>")]
    [Description("Leave score files younger than this alone: a running hub may be about to commit them (default 60).")]
    [DefaultValue(60)]
    public int MinAgeMinutes { get; init; } = 60;
}
