using Spectre.Console;

namespace Ifcb.Cli;

/// <summary>
/// The composition root of the full <c>ifcb</c> (with training): <see cref="CommandRegistry"/> lists its commands,
/// <see cref="CliHost"/> runs them. Tests call <see cref="Run"/> in-process with their own consoles.
/// </summary>
public static class CliApp
{
    /// <summary>Runs the CLI with the given arguments and returns the process exit code.</summary>
    public static int Run(string[] args, IAnsiConsole? console = null, TextWriter? stderr = null) =>
        CliHost.Run("ifcb", CommandRegistry.RegisterAll, args, console, stderr);
}
