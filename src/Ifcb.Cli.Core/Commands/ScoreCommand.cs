using System.ComponentModel;
using System.Globalization;
using Ifcb.App;
using Ifcb.Evaluation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>
/// <c>ifcb score RUN --truth pid_class.csv</c>: how right a classify run is against known labels — accuracy, F1,
/// and per class the true count beside the classifier's count, the number concentrations are made of.
/// </summary>
public sealed class ScoreCommand(IAnsiConsole console, ErrorWriter errors) : Command<ScoreCommand.Settings>
{
    /// <summary>Options of <c>ifcb score</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The classify output folder.</summary>
        [CommandArgument(0, "<RUN>")]
        [Description("a classify output folder (its *_class.h5 files are read)")]
        public string Run { get; init; } = "";

        /// <summary>The ground truth.</summary>
        [CommandOption("--truth <CSV>")]
        [Description("ground truth: pid,class (e.g. the synthetic archive's ground_truth.csv)")]
        public string? Truth { get; init; }

        /// <summary>Optional report folder.</summary>
        [CommandOption("--out <DIR>")]
        [Description("also write the full evaluation (results files, plots, report.html) here")]
        public string? Out { get; init; }

        /// <summary>Where to write the per-bin count error.</summary>
        [CommandOption("--count-error <CSV>")]
        [Description("write the per-bin count error (raw and corrected prevalence errors, interval coverage) to this CSV; with --out it also goes to DIR/count_error.csv")]
        public string? CountError { get; init; }

        /// <inheritdoc/>
        public override ValidationResult Validate()
            => string.IsNullOrWhiteSpace(Truth) ? ValidationResult.Error("--truth <CSV> is required") : ValidationResult.Success();
    }

    // Per bin, the prevalence error of the raw and the corrected counts of the run's summary (QuaPy's measures).
    private void WriteCountError(Settings settings)
    {
        Inference.Summary.SummaryTable summary;
        try
        {
            summary = Inference.Summary.SummaryStore.ReadRun(settings.Run);
        }
        catch (Ifcb.Data.IfcbDataException ex)
        {
            console.WriteLine($"count error not computed: {ex.Message}");
            return;
        }

        var counts = Inference.Summary.CountError.Compute(summary, Ifcb.Formats.Labels.RoiLabelSet.Load([settings.Truth!]).Labels);
        if (counts.Bins.Count == 0)
        {
            console.WriteLine("count error not computed: no bin of the summary has ground-truth labels");
            return;
        }

        var method = counts.Bins[0].Method;
        var table = new Table().AddColumn("bin").AddColumn(new TableColumn("ROIs").RightAligned()).AddColumn(new TableColumn("labelled").RightAligned())
            .AddColumn(new TableColumn("raw AE").RightAligned()).AddColumn(new TableColumn("raw RAE").RightAligned())
            .AddColumn(new TableColumn($"{method} AE").RightAligned()).AddColumn(new TableColumn($"{method} RAE").RightAligned());
        string N(double v) => double.IsNaN(v) ? "-" : v.ToString("0.0000", CultureInfo.InvariantCulture);
        foreach (var b in counts.Bins.Take(50))
        {
            table.AddRow(b.Bin, b.RoiCount.ToString(CultureInfo.InvariantCulture), b.Labelled.ToString(CultureInfo.InvariantCulture), N(b.RawAe), N(b.RawRae), N(b.CorrectedAe), N(b.CorrectedRae));
        }

        table.AddRow("mean over bins", "", "", N(counts.RawMae), N(counts.RawMrae), N(counts.CorrectedMae), N(counts.CorrectedMrae));
        console.WriteLine("count error: class prevalences per bin against the truth (AE: mean absolute error; RAE: relative, eps-smoothed)");
        console.Write(table);
        if (!double.IsNaN(counts.Coverage))
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"interval coverage: {counts.Coverage:P1} of {counts.Bins.Sum(b => b.Intervals)} (bin, class) true counts inside the corrected 95% interval"));
        }

        foreach (var path in new[] { settings.Out is null ? null : Path.Combine(settings.Out, "count_error.csv"), settings.CountError })
        {
            if (path is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                Ifcb.Data.IO.AtomicFile.WriteAllText(path, counts.ToCsv());
                console.WriteLine($"count error per bin: {path}");
            }
        }
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!Directory.Exists(settings.Run))
        {
            throw new UsageException($"RUN: not a folder: {settings.Run}");
        }

        if (!File.Exists(settings.Truth))
        {
            throw new UsageException($"--truth: file not found: {settings.Truth}");
        }

        var scored = GroundTruthScoring.Run(settings.Run, settings.Truth!);
        var input = scored.Input;
        if (input.Count == 0)
        {
            errors.Failure(settings.Run, "no classified ROI has a ground-truth label");
            return ExitCodes.SomeFailed;
        }

        var options = new EvaluationOptions { ModelId = Path.GetFileName(Path.GetFullPath(settings.Run)), BootstrapResamples = 200 };
        var result = settings.Out is null ? EvaluationReport.Compute(input, options) : EvaluationReport.Write(input, settings.Out, options);
        var m = result.Metrics;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{input.Count} ROIs in {scored.ClassFiles} class files scored against {settings.Truth}: accuracy {m.Accuracy:F3}, f1_weighted {m.F1Weighted:F3}, f1_macro {m.F1Macro:F3}"));
        if (scored.Unmatched + scored.UnknownClass > 0)
        {
            console.WriteLine($"not scored: {scored.Unmatched} ROIs without ground truth, {scored.UnknownClass} of classes the model does not know");
        }

        var table = new Table().AddColumn("class").AddColumn(new TableColumn("true count").RightAligned())
            .AddColumn(new TableColumn("classified count").RightAligned()).AddColumn(new TableColumn("count error").RightAligned());
        for (var c = 0; c < input.ClassCount; c++)
        {
            var trueCount = input.TrueClasses.Count(t => t == c);
            var predicted = result.Predicted.Count(p => p == c);
            var error = trueCount == 0 ? "" : ((predicted - trueCount) / (double)trueCount).ToString("+0%;-0%;0%", CultureInfo.InvariantCulture);
            table.AddRow(Markup.Escape(input.ClassLabels[c]), trueCount.ToString(CultureInfo.InvariantCulture), predicted.ToString(CultureInfo.InvariantCulture), error);
        }

        console.Write(table);
        WriteCountError(settings);
        if (result.Files.TryGetValue("report", out var report))
        {
            console.WriteLine($"report: {report}");
        }

        return ExitCodes.Success;
    }
}
