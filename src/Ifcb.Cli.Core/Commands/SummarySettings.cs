using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>Options of <c>ifcb summary</c>.</summary>
public sealed class SummarySettings : CommandSettings
{
    /// <summary>The classify output folder (or one summary CSV).</summary>
    [CommandArgument(0, "<RUN>")]
    [Description("An `ifcb classify` output folder (all shards' summaries are merged) or one summary CSV.")]
    public string Run { get; init; } = "";

    /// <summary>Output file.</summary>
    [CommandOption("--out <FILE>")]
    [Description("Write the table to this file (atomically) instead of stdout.")]
    public string? Out { get; init; }

    /// <summary>Wide table.</summary>
    [CommandOption("--wide")]
    [Description("bin x class table (the default): bin,timestamp,instrument,roi_count,ml_analyzed,<class...>.")]
    public bool Wide { get; init; }

    /// <summary>Classes for a time series.</summary>
    [CommandOption("--timeseries <CLASS>")]
    [Description("A per-class time series (repeatable): timestamp,bin,ml_analyzed,<class>_count,<class>_per_ml.")]
    public string[] TimeSeries { get; init; } = [];

    /// <summary>Count winners above the model's per-class thresholds.</summary>
    [CommandOption("--above-threshold")]
    [Description("Count winners at or above the model's per-class thresholds instead of all winners.")]
    public bool AboveThreshold { get; init; }

    /// <summary>Concentrations.</summary>
    [CommandOption("--per-ml")]
    [Description("Wide table cells as concentrations (count / ml_analyzed, per mL).")]
    public bool PerMl { get; init; }

    /// <inheritdoc/>
    public override ValidationResult Validate()
        => Wide && TimeSeries.Length > 0 ? ValidationResult.Error("--wide and --timeseries exclude each other") : ValidationResult.Success();
}
