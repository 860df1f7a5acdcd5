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
        config.AddBranch("slurm", b => { b.SetDescription("Classify an archive on a SLURM cluster: job array, resume, reduce, plan."); b.AddCommand<Commands.SlurmClassifyCommand>("classify").WithDescription("Write (and --submit) a job array over ROI-balanced shards plus a reduce job after it."); b.AddCommand<Commands.SlurmResumeCommand>("resume").WithDescription("Resubmit only the shards whose bins are not all done."); b.AddCommand<Commands.SlurmReduceCommand>("reduce").WithDescription("One summary and failures report for the archive; exit 1 listing bins without a valid output."); b.AddCommand<Commands.SlurmPlanCommand>("plan").WithDescription("Bins and ROIs per shard, balanced by ROI count, and estimated wall time per task."); });
        config.AddCommand<Commands.EvaluateCommand>("evaluate").WithDescription("Evaluate predictions: metrics, thresholds, calibration, results files, plots and report.html.");
    }
}
