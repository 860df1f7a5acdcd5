using Spectre.Console.Testing;

namespace Ifcb.Cli.Tests;

/// <summary>Runs the CLI in-process with a test console and captures stdout, stderr and the exit code.</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 400;
        var err = new StringWriter();
        var code = CliApp.Run(args, console, err);
        return (code, console.Output, err.ToString());
    }
}
