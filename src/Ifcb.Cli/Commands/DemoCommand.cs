using System.ComponentModel;
using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>
/// <c>ifcb demo</c>: the main job end to end on built-in synthetic data. Each step is an ordinary
/// <c>ifcb</c> command line, printed before it runs, so the demo doubles as a tutorial.
/// </summary>
public sealed class DemoCommand(IAnsiConsole console, ErrorWriter errors) : Command<DemoCommand.Settings>
{
    /// <summary>Options of <c>ifcb demo</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Where everything goes.</summary>
        [CommandOption("--out <DIR>")]
        [Description("Output directory (default demo-out).")]
        public string Out { get; init; } = "demo-out";

        /// <summary>Smaller and faster, for tests.</summary>
        [CommandOption("--quick")]
        [Description("A smaller archive and a shorter training run.")]
        public bool Quick { get; init; }
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var root = Path.GetFullPath(settings.Out);
        var archive = Path.Combine(root, "archive");
        var images = Path.Combine(root, "images");
        var png = Path.Combine(root, "png");
        var clock = Stopwatch.StartNew();
        foreach (var step in Steps(settings, archive, images, png))
        {
            cancellationToken.ThrowIfCancellationRequested();
            console.MarkupLine($"[bold]$ ifcb {Markup.Escape(string.Join(' ', step.Select(Quote)))}[/]");
            var code = CliApp.Run(step, console, errors.Writer);
            if (code != ExitCodes.Success)
            {
                errors.Failure("demo", $"step 'ifcb {string.Join(' ', step)}' exited with {code}");
                return ExitCodes.SomeFailed;
            }

            console.WriteLine();
        }

        console.MarkupLine($"[green]Demo finished in {clock.Elapsed.TotalSeconds:F0} s.[/] Everything is under {Markup.Escape(root)}:");
        console.WriteLine($"  synthetic archive (bins + ground_truth.csv): {archive}");
        console.WriteLine($"  labelled image set:                          {images}");
        console.WriteLine($"  extracted ROI images (PNG):                  {png}");
        return ExitCodes.Success;
    }

    private static IEnumerable<string[]> Steps(Settings settings, string archive, string images, string png)
    {
        var (bins, rois, perClass) = settings.Quick ? ("3", "120", "30") : ("6", "400", "120");
        yield return ["synth", "--out", archive, "--bins", bins, "--rois", rois, "--seed", "7"];
        yield return ["synth", "--images", "--out", images, "--per-class", perClass, "--seed", "11"];
        yield return ["bins", "list", archive];
        yield return ["bins", "extract", archive, "--out", png, "--format", "png"];
    }

    private static string Quote(string arg) => arg.Contains(' ', StringComparison.Ordinal) ? $"\"{arg}\"" : arg;
}
