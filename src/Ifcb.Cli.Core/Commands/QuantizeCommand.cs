using System.ComponentModel;
using System.Globalization;
using Ifcb.App;
using Ifcb.Inference.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>
/// <c>ifcb quantize</c>: an ONNX model to static int8 (QDQ), calibrated on ROIs from the user's own bins, and
/// checked against the float model on other ROIs of the same bins.
/// </summary>
public sealed class QuantizeCommand(IAnsiConsole console) : Command<QuantizeCommand.Settings>
{
    /// <summary>Options of <c>ifcb quantize</c>.</summary>
    public sealed class Settings : ArchiveFilterSettings
    {
        /// <summary>Bins to calibrate on.</summary>
        [CommandArgument(0, "<INPUTS>")]
        [Description("Bins whose ROIs calibrate the activation ranges (directories, bins, list files, globs).")]
        public string[] Inputs { get; init; } = [];

        /// <summary>The float model.</summary>
        [CommandOption("--model <MODEL>")]
        [Description("A run folder, our model.onnx, or a WHOI-style .onnx with its .classes file.")]
        public string? Model { get; init; }

        /// <summary>The int8 ONNX file to write.</summary>
        [CommandOption("--out <FILE>")]
        [Description("The .onnx file to write (a .classes sidecar is written beside it).")]
        public string? Out { get; init; }

        /// <summary>Calibration ROIs.</summary>
        [CommandOption("--images <N>")]
        [Description("ROIs to calibrate on, spread over all bins (default 256); as many others check the result.")]
        [DefaultValue(256)]
        public int Images { get; init; } = 256;

        /// <summary>The calibration percentile.</summary>
        [CommandOption("--percentile <P>")]
        [Description("Activation ranges cover this percentile of calibration values (default 99.99; 100 = min-max).")]
        [DefaultValue(99.99)]
        public double Percentile { get; init; } = 99.99;

        /// <summary>Full 8-bit weights.</summary>
        [CommandOption("--full-range")]
        [Description("8-bit instead of 7-bit weights (only safe on CPUs with VNNI; see docs/classify.md).")]
        public bool FullRange { get; init; }

        /// <inheritdoc/>
        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Model))
            {
                return ValidationResult.Error("--model <MODEL> is required");
            }

            if (string.IsNullOrWhiteSpace(Out) || !Out.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
            {
                return ValidationResult.Error("--out <FILE> is required and must end with .onnx");
            }

            if (Inputs.Length == 0)
            {
                return ValidationResult.Error("name the bins to calibrate on");
            }

            if (Percentile is <= 50 or > 100)
            {
                return ValidationResult.Error("--percentile must be above 50 and at most 100");
            }

            return Images < 1 ? ValidationResult.Error("--images must be at least 1") : ValidateFilters() ?? ValidationResult.Success();
        }
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var run = ModelQuantization.Run(settings.Model!, settings.Out!, settings.Inputs, settings.Images, settings.Percentile, settings.FullRange, settings.ToFilter());
        var (output, result, check) = (run.OutputPath, run.Quantization, run.Check);
        foreach (var problem in run.Skipped)
        {
            console.MarkupLineInterpolated($"[yellow]skipped[/] {problem.File}: {problem.Reason}");
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"quantized {result.Convolutions} convolutions and {result.Activations} activations (calibrated on {result.CalibrationImages} ROIs; {result.FoldedBatchNorms} batch norms folded)"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"check on {check.Images} other ROIs: top-1 agreement with the float model {check.Top1Agreement:P1}, mean |dp| {check.MeanAbsDifference:0.0000}, max |dp| {check.MaxAbsDifference:0.000}"));
        console.WriteLine($"wrote {output} (+ {ClassesFile.PathFor(output)})");
        return ExitCodes.Success;
    }
}
