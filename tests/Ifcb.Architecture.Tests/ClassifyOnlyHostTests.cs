using Ifcb.Cli;
using Spectre.Console;

namespace Ifcb.Architecture.Tests;

/// <summary>The classify-only host runs the core commands and has no training command.</summary>
public sealed class ClassifyOnlyHostTests
{
    [Fact]
    public void Runs_core_commands_and_knows_no_training_command()
    {
        // Given the classify-only host's composition, with its own console and error writer
        var (versionCode, versionOut, _) = Run("version");
        var (trainCode, _, trainErr) = Run("train", "data", "--model", "resnet18", "--out", "run");

        // Then version works and train is an unknown command (a usage error naming the host)
        Assert.Equal(ExitCodes.Success, versionCode);
        Assert.False(string.IsNullOrWhiteSpace(versionOut));
        Assert.Equal(ExitCodes.Usage, trainCode);
        Assert.StartsWith("ifcb-classify:", trainErr, StringComparison.Ordinal);
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        var code = CliHost.Run("ifcb-classify", CoreCommands.Register, args, console, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
