using System.ComponentModel;
using System.Globalization;
using Ifcb.App;
using Ifcb.Data;
using Ifcb.Evaluation;
using Ifcb.Evaluation.IO;
using Ifcb.Evaluation.Thresholds;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>
/// <c>ifcb evaluate --predictions validation_predictions.csv [--epochs epochs.csv] --out DIR</c>, or
/// <c>ifcb evaluate --model M [--labels FILE]... DATA... --out DIR</c>: metrics with bootstrap intervals, per-class thresholds, temperature scaling, WHOI-compatible results files, plots and one report.html.
/// </summary>
public sealed class EvaluateCommand(IAnsiConsole console, ErrorWriter errors) : Command<EvaluateCommand.Settings>
{
    /// <summary>Options of <c>ifcb evaluate</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>Labelled data to run the model on (class folders, or bins with --labels, as <c>ifcb train</c> reads them).</summary>
        [CommandArgument(0, "[DATA]")]
        [Description("labelled data to evaluate --model on: folders of class folders, or with --labels folders of bins and bins")]
        public string[] Data { get; init; } = [];

        /// <summary>Labels of ROIs inside the DATA bins.</summary>
        [CommandOption("--labels <FILE>")]
        [Description("labels of ROIs inside the DATA bins: a pid,class CSV, an ifcb-analysis {bin id}.mat annotation file or a folder of them; repeatable")]
        public string[] Labels { get; init; } = [];

        /// <summary>The model to evaluate.</summary>
        [CommandOption("--model <MODEL>")]
        [Description("a run folder, our model.onnx, or a WHOI-style .onnx with its .classes file")]
        public string? Model { get; init; }

        /// <summary>The training run's validation predictions.</summary>
        [CommandOption("--predictions <CSV>")]
        [Description("validation_predictions.csv: image,true_class,predicted_class,<one probability column per class>")]
        public string? Predictions { get; init; }

        /// <summary>The training run's per-epoch history (optional).</summary>
        [CommandOption("--epochs <CSV>")]
        [Description("epochs.csv of the training run, for the training-curve plot")]
        public string? Epochs { get; init; }

        /// <summary>Where the results, plots and report go.</summary>
        [CommandOption("--out <DIR>")]
        [Description("output folder (created if missing)")]
        public string? Out { get; init; }

        /// <summary>The model id written into the results.</summary>
        [CommandOption("--model-id <ID>")]
        [Description("model id written into the results files (default: the predictions file's folder name)")]
        public string? ModelId { get; init; }

        /// <summary>The precision the per-class thresholds aim for.</summary>
        [CommandOption("--target-precision <P>")]
        [Description("precision the per-class thresholds aim for (default 0.95)")]
        [DefaultValue(0.95)]
        public double TargetPrecision { get; init; } = 0.95;

        /// <summary>Choose thresholds by maximum F1 instead of the target precision.</summary>
        [CommandOption("--max-f1")]
        [Description("choose per-class thresholds that maximise F1 instead of reaching the target precision")]
        public bool MaxF1 { get; init; }

        /// <summary>Bootstrap resamples.</summary>
        [CommandOption("--bootstrap <N>")]
        [Description("bootstrap resamples for the confidence intervals (default 1000; 0 disables)")]
        [DefaultValue(1000)]
        public int Bootstrap { get; init; } = 1000;

        /// <summary>Bootstrap seed.</summary>
        [CommandOption("--seed <N>")]
        [Description("seed of the bootstrap (default 20240611)")]
        [DefaultValue(20240611)]
        public int Seed { get; init; } = 20240611;

        /// <inheritdoc/>
        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Predictions) == string.IsNullOrWhiteSpace(Model))
            {
                return ValidationResult.Error("give either --model <MODEL> with DATA folders, or --predictions <CSV>");
            }

            if (Model is not null && Data.Length == 0)
            {
                return ValidationResult.Error("--model needs DATA: one or more folders of class folders, or bins with --labels");
            }

            if (Model is null && Labels is { Length: > 0 })
            {
                return ValidationResult.Error("--labels goes with --model and DATA bins");
            }

            if (string.IsNullOrWhiteSpace(Out))
            {
                return ValidationResult.Error("--out <DIR> is required");
            }

            if (TargetPrecision is <= 0 or > 1 || double.IsNaN(TargetPrecision))
            {
                return ValidationResult.Error($"--target-precision must be in (0, 1], got {TargetPrecision.ToString(CultureInfo.InvariantCulture)}");
            }

            return Bootstrap < 0 ? ValidationResult.Error("--bootstrap must be 0 or more") : ValidationResult.Success();
        }
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Model is not null)
        {
            return EvaluateModel(settings);
        }

        if (!File.Exists(settings.Predictions))
        {
            throw new UsageException($"--predictions: file not found: {settings.Predictions}");
        }

        if (settings.Epochs is not null && !File.Exists(settings.Epochs))
        {
            throw new UsageException($"--epochs: file not found: {settings.Epochs}");
        }

        EvaluationInput input;
        try
        {
            input = ValidationPredictionsCsv.Read(settings.Predictions!);
            if (settings.Epochs is not null)
            {
                input = new EvaluationInput
                {
                    ClassLabels = input.ClassLabels,
                    TrueClasses = input.TrueClasses,
                    Scores = input.Scores,
                    ItemNames = input.ItemNames,
                    Epochs = EpochsCsv.Read(settings.Epochs),
                };
            }
        }
        catch (IfcbDataException ex)
        {
            errors.Failure(ex.FilePath, ex.Message);
            return ExitCodes.SomeFailed;
        }

        if (input.Count == 0)
        {
            errors.Failure(settings.Predictions!, "no predictions to evaluate");
            return ExitCodes.SomeFailed;
        }

        var modelId = settings.ModelId
            ?? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(settings.Predictions!))) ?? "model";
        Print(EvaluationReport.Write(input, settings.Out!, Options(settings, modelId)));
        return ExitCodes.Success;
    }

    private int EvaluateModel(Settings settings)
    {
        var labels = settings.Labels ?? [];
        if (labels.Length == 0 && settings.Data.FirstOrDefault(d => !Directory.Exists(d)) is { } notFolder)
        {
            throw new UsageException($"DATA: not a folder: {notFolder}");
        }

        LabelledBinInputs.Check(settings.Data, labels);
        var scored = ModelEvaluation.Run(settings.Model!, settings.Data, labels);
        foreach (var note in scored.Notes)
        {
            console.WriteLine(note);
        }

        if (scored.Input.Count == 0)
        {
            errors.Failure(string.Join(' ', settings.Data), "no readable labelled images of the model's classes to evaluate");
            return ExitCodes.SomeFailed;
        }

        Print(EvaluationReport.Write(scored.Input, settings.Out!, Options(settings, settings.ModelId ?? scored.Model.ModelId)));

        // The scores came through the classify engine (temperature applied): refitted count-correction estimates.
        var estimates = Path.Combine(settings.Out!, Quantification.EstimatesFile.FileName);
        Quantification.EstimatesFile.Write(estimates, scored.Input.ClassLabels, Quantification.EstimatesBuilder.Build(scored.Input.TrueClasses, scored.Input.Scores, scored.Input.ClassCount, string.Join(' ', settings.Data)));
        console.WriteLine($"count-correction estimates: {estimates} (ifcb classify --estimates)");
        return ExitCodes.Success;
    }

    private static EvaluationOptions Options(Settings settings, string modelId) => new()
    {
        ModelId = modelId,
        TargetPrecision = settings.TargetPrecision,
        ThresholdRule = settings.MaxF1 ? ThresholdRule.MaximiseF1 : ThresholdRule.TargetPrecision,
        BootstrapResamples = settings.Bootstrap,
        BootstrapSeed = settings.Seed,
    };

    private void Print(EvaluationResult result)
    {
        var m = result.Metrics;
        var b = result.Bootstrap;
        string Ci(Evaluation.Metrics.ConfidenceInterval? ci) => ci is null ? "" : $"  [{ci.Lower:0.000}, {ci.Upper:0.000}]";
        var table = new Table().AddColumn("metric").AddColumn(new TableColumn("value").RightAligned()).AddColumn("95% interval");
        table.AddRow("images", result.ItemCount.ToString("N0", CultureInfo.InvariantCulture), "");
        table.AddRow("classes", result.ClassLabels.Count.ToString(CultureInfo.InvariantCulture), "");
        table.AddRow("accuracy", Num(m.Accuracy), Markup.Escape(Ci(b?.Accuracy)));
        table.AddRow("F1 weighted", Num(m.F1Weighted), Markup.Escape(Ci(b?.F1Weighted)));
        table.AddRow("F1 macro", Num(m.F1Macro), Markup.Escape(Ci(b?.F1Macro)));
        table.AddRow("log loss", Num(m.LogLoss), "");
        table.AddRow("temperature", Num(result.Temperature), "");
        table.AddRow("ECE before/after scaling", $"{Num(result.CalibrationBefore.ExpectedCalibrationError)} / {Num(result.CalibrationAfter.ExpectedCalibrationError)}", "");
        var t = result.Thresholds;
        var target = t.TargetPrecision.ToString("0.##", CultureInfo.InvariantCulture);
        table.AddRow($"one threshold for precision {target}", t.OperatingThreshold is double op ? Num(op) : "none", "");
        table.AddRow("  fraction kept", t.OperatingCoverage is double cov ? Num(cov) : "-", "");
        table.AddRow("per-class thresholds: precision", Num(t.ChosenPrecision), "");
        table.AddRow("  fraction kept", Num(t.ChosenCoverage), "");
        table.AddRow("  classes missing the target", t.Chosen.Count(c => !c.ReachedTarget).ToString(CultureInfo.InvariantCulture), "");
        console.Write(table);
        console.WriteLine($"report: {result.Files["report"]}");
    }

    private static string Num(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
