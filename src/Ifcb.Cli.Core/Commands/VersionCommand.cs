using System.Reflection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary><c>ifcb version</c>: the informational version of the build.</summary>
public sealed class VersionCommand(IAnsiConsole console) : Command
{
    public override int Execute(CommandContext context, CancellationToken cancellationToken)
    {
        var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        console.WriteLine($"ifcb {version}");
        return ExitCodes.Success;
    }
}
