using Spectre.Console.Cli;

namespace Ifcb.Cli;

/// <summary>The list of commands; one line per command or branch keeps merges easy.</summary>
internal static class CommandRegistry
{
    public static void RegisterAll(IConfigurator config)
    {
        config.AddCommand<Commands.VersionCommand>("version").WithDescription("Print the version.");
        config.AddCommand<Commands.EvaluateCommand>("evaluate").WithDescription("Evaluate predictions: metrics, thresholds, calibration, results files, plots and report.html.");
    }
}
