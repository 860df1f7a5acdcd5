using System.ComponentModel;
using Ifcb.Models;
using Ifcb.Training.Export;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary><c>ifcb export</c>: a trained model to ONNX (card in the metadata, <c>.classes</c> sidecar).</summary>
public sealed class ExportCommand(IAnsiConsole console) : Command<ExportCommand.Settings>
{
    /// <summary>Options of <c>ifcb export</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The run folder or model card.</summary>
        [CommandOption("--model <MODEL>")]
        [Description("A training run folder or its model.json.")]
        public string? Model { get; init; }

        /// <summary>The ONNX file to write.</summary>
        [CommandOption("--out <FILE>")]
        [Description("The .onnx file to write (default: model.onnx in the run folder).")]
        public string? Out { get; init; }

        /// <inheritdoc/>
        public override ValidationResult Validate()
            => string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model <MODEL> is required") : ValidationResult.Success();
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var card = TrainedModel.CardPath(settings.Model!);
        var onnx = settings.Out ?? Path.Combine(Path.GetDirectoryName(card)!, TrainedModel.OnnxFileName);
        if (!onnx.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"--out '{onnx}' must end with .onnx");
        }

        TrainedModel.ExportOnnx(card, onnx);
        console.WriteLine($"exported {onnx} (+ {ModelFiles.ClassesPathFor(onnx)})");
        return ExitCodes.Success;
    }
}
