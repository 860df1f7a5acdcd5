using Spectre.Console.Cli;

namespace Ifcb.Cli;

/// <summary>The list of commands; one line per command or branch keeps merges easy.</summary>
internal static class CommandRegistry
{
    public static void RegisterAll(IConfigurator config)
    {
        config.AddCommand<Commands.DemoCommand>("demo").WithDescription("Run the main job end to end on built-in synthetic data.");
        config.AddCommand<Commands.VersionCommand>("version").WithDescription("Print the version.");
        config.AddCommand<Commands.ScoreCommand>("score").WithDescription("Score a classify run against ground truth (pid,class): accuracy, F1, counts per class.");
        config.AddCommand<Commands.ExportCommand>("export").WithDescription("Export a trained model to ONNX (model card embedded, .classes sidecar).");
        config.AddCommand<Commands.QuantizeCommand>("quantize").WithDescription("Quantize an ONNX model to int8, calibrated on ROIs from your bins, checked against the float model.");
        config.AddCommand<Commands.ClassifyCommand>("classify").WithDescription("Classify bins with an ONNX model into v3 h5 / CSV / Parquet class scores, with a run summary.");
        config.AddCommand<Commands.SummaryCommand>("summary").WithDescription("Export a classify run's counts: a wide bin x class table or per-class time series.");
        config.AddCommand<Commands.SynthCommand>("synth").WithDescription("Write synthetic bins with ground truth, or a labelled image set.");
        config.AddBranch("bins", b => { b.SetDescription("Raw IFCB bins: list, show, extract images."); b.AddCommand<Commands.BinsListCommand>("list").WithDescription("One row per bin: counts, volume, size, problems."); b.AddCommand<Commands.BinsShowCommand>("show").WithDescription("A bin's header values and ROI table."); b.AddCommand<Commands.BinsExtractCommand>("extract").WithDescription("Write PNGs per image or a pyifcb zip per bin."); });
        config.AddCommand<Commands.TrainCommand>("train").WithDescription("Train a classifier on labelled images into a run folder.");
        config.AddBranch<Commands.ServeSettings>("serve", b => { b.SetDescription("Run the HAB hub: push API, read API, alerts, pages (ifcb serve token create: a push token)."); b.SetDefaultCommand<Commands.ServeCommand>(); b.AddBranch<Commands.ServeSettings>("token", t => { t.SetDescription("API tokens."); t.AddCommand<Commands.TokenCreateCommand>("create").WithDescription("Create a push token for a dataset (printed once, stored hashed)."); }); b.AddCommand<Commands.ServeImportCommand>("import").WithDescription("Store a classify run straight into the hub's database."); });
        config.AddCommand<Commands.EvaluateCommand>("evaluate").WithDescription("Evaluate predictions: metrics, thresholds, calibration, results files, plots and report.html.");
    }
}
