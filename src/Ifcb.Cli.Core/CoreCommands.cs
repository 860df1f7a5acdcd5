using Spectre.Console.Cli;

namespace Ifcb.Cli;

/// <summary>
/// The commands every host has: none of them needs Training (libtorch). A host registers these, then its own
/// (the full <c>ifcb</c> adds train, export and demo). One line per command or branch keeps merges easy.
/// </summary>
public static class CoreCommands
{
    /// <summary>Registers the commands that run without Training.</summary>
    public static void Register(IConfigurator config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.AddCommand<Commands.VersionCommand>("version").WithDescription("Print the version.");
        config.AddCommand<Commands.ScoreCommand>("score").WithDescription("Score a classify run against ground truth (pid,class): accuracy, F1, counts per class.");
        config.AddCommand<Commands.QuantizeCommand>("quantize").WithDescription("Quantize an ONNX model to int8, calibrated on ROIs from your bins, checked against the float model.");
        config.AddCommand<Commands.ClassifyCommand>("classify").WithDescription("Classify bins with an ONNX model into v3 h5 / CSV / Parquet class scores, with a run summary.");
        config.AddCommand<Commands.SummaryCommand>("summary").WithDescription("Export a classify run's counts: a wide bin x class table or per-class time series.");
        config.AddCommand<Commands.SynthCommand>("synth").WithDescription("Write synthetic bins with ground truth, or a labelled image set.");
        config.AddBranch("bins", b => { b.SetDescription("Raw IFCB bins: list, show, extract images."); b.AddCommand<Commands.BinsListCommand>("list").WithDescription("One row per bin: counts, volume, size, problems."); b.AddCommand<Commands.BinsShowCommand>("show").WithDescription("A bin's header values and ROI table."); b.AddCommand<Commands.BinsExtractCommand>("extract").WithDescription("Write PNGs per image or a pyifcb zip per bin."); });
        config.AddCommand<Commands.EvaluateCommand>("evaluate").WithDescription("Evaluate predictions: metrics, thresholds, calibration, results files, plots and report.html.");
        config.AddCommand<Commands.WatchCommand>("watch").WithDescription("Classify an instrument's bins as they complete; push counts and spool satellite telemetry.");
        config.AddCommand<Commands.PushCommand>("push").WithDescription("Push a classify run's per-bin counts to a hub (resumable, through the run's outbox).");
        config.AddBranch("telemetry", b => { b.SetDescription("Satellite (Iridium SBD) messages of per-bin counts."); b.AddCommand<Commands.TelemetryEncodeCommand>("encode").WithDescription("Encode one bin of a run as a <= 340-byte message."); b.AddCommand<Commands.TelemetryDecodeCommand>("decode").WithDescription("Decode a message (binary or hex) to JSON."); });
    }
}
