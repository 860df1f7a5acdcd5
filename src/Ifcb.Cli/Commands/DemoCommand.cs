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
        var paths = new DemoPaths(root, archive, images, Path.Combine(root, "images-test"), png, Path.Combine(root, "run"),
            Path.Combine(root, "evaluation"), Path.Combine(root, "classified"), Path.Combine(root, "classified-int8"));
        var clock = Stopwatch.StartNew();
        foreach (var step in Steps(settings, paths))
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
        console.WriteLine($"  synthetic archive (bins + ground_truth.csv): {paths.Archive}");
        console.WriteLine($"  extracted ROI images (PNG):                  {paths.Png}");
        console.WriteLine($"  labelled training / held-out image sets:     {paths.Images}, {paths.TestImages}");
        console.WriteLine($"  training run (model, card, ONNX, logs):      {paths.Run}");
        console.WriteLine($"  validation report:                           {Path.Combine(paths.Run, "report", "report.html")}");
        console.WriteLine($"  held-out evaluation report:                  {Path.Combine(paths.Evaluation, "report.html")}");
        console.WriteLine($"  class scores (v3 h5, CSV) and run summary:   {paths.Classified}");
        console.WriteLine($"  report against the archive's ground truth:   {Path.Combine(paths.Classified, "score", "report.html")}");
        console.WriteLine($"  the same with the int8 model (faster):       {Path.Combine(paths.ClassifiedInt8, "score", "report.html")}");
        console.WriteLine($"  HAB hub (SQLite) with the classify run:      {Path.Combine(root, "hub")}");
        console.WriteLine($"Serve it: ifcb serve --data {Quote(Path.Combine(settings.Out, "hub"))} --raw {Quote(Path.Combine(settings.Out, "archive"))}   then open http://127.0.0.1:8080/");
        return ExitCodes.Success;
    }

    private static IEnumerable<string[]> Steps(Settings settings, DemoPaths p)
    {
        // Sizes chosen so the whole demo takes a few minutes on a 2-core laptop; --quick is for tests.
        var (bins, rois, perClass, epochs) = settings.Quick ? ("2", "80", "24", "2") : ("6", "400", "100", "12");
        yield return ["synth", "--out", p.Archive, "--bins", bins, "--rois", rois, "--seed", "7"];
        yield return ["bins", "list", p.Archive];
        yield return ["bins", "extract", p.Archive, "--out", p.Png, "--format", "png"];
        yield return ["synth", "--images", "--out", p.Images, "--per-class", perClass, "--seed", "11"];
        yield return ["synth", "--images", "--out", p.TestImages, "--per-class", settings.Quick ? "8" : "30", "--seed", "12"];
        yield return ["train", p.Images, "--model", "resnet18", "--input-size", "64", "--out", p.Run, "--epochs-min", epochs,
            "--epochs-max", epochs, "--batch", "32", "--seed", "1", "--flip", "xy", "--rotate", "--schedule", "cosine"];
        yield return ["evaluate", "--model", p.Run, p.TestImages, "--out", p.Evaluation];
        yield return ["classify", p.Archive, "--model", p.Run, "--out", p.Classified, "--format", "h5,csv"];
        yield return ["score", p.Classified, "--truth", Path.Combine(p.Archive, "ground_truth.csv"), "--out", Path.Combine(p.Classified, "score")];

        // The int8 model: calibrated on the archive's own (unlabelled) ROIs, then scored the same way.
        var int8 = Path.Combine(p.Run, "model-int8.onnx");
        yield return ["quantize", p.Archive, "--model", p.Run, "--out", int8];
        yield return ["classify", p.Archive, "--model", int8, "--out", p.ClassifiedInt8, "--format", "h5"];
        yield return ["score", p.ClassifiedInt8, "--truth", Path.Combine(p.Archive, "ground_truth.csv"), "--out", Path.Combine(p.ClassifiedInt8, "score")];
        // The HAB hub: the float model's run in the embedded database, ready for `ifcb serve`.
        yield return ["serve", "import", p.Classified, "--data", Path.Combine(p.Root, "hub"), "--dataset", "demo"];
    }

    private sealed record DemoPaths(string Root, string Archive, string Images, string TestImages, string Png, string Run, string Evaluation, string Classified, string ClassifiedInt8);

    private static string Quote(string arg) => arg.Contains(' ', StringComparison.Ordinal) ? $"\"{arg}\"" : arg;
}
