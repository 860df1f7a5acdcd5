using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>Options of <c>ifcb summary</c>.</summary>
public sealed class SummarySettings : CommandSettings
{
    /// <summary>The classify output folders (or summary CSVs).</summary>
    [CommandArgument(0, "<RUNS>")]
    [Description("`ifcb classify` output folders (all shards' summaries in each are merged) or summary CSVs; several are merged into one.")]
    public string[] Runs { get; init; } = [];

    /// <summary>Where to write the merged summary.</summary>
    [CommandOption("--merged <DIR>")]
    [Description("Also write the merged summary.csv and summary.sqlite into DIR, exactly as one classify run over all the bins would.")]
    public string? Merged { get; init; }

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

    /// <summary>Corrected counts in the wide table.</summary>
    [CommandOption("--corrected")]
    [Description("Wide table cells are the corrected counts of `classify --correct` (empty where a class is flagged).")]
    public bool Corrected { get; init; }

    /// <summary>Time-series windows.</summary>
    [CommandOption("--window <SPAN>")]
    [Description("Pool the time series into UTC windows: 30m, 6h, 1d ... (counts and volumes summed; corrected interval bounds summed).")]
    public string? Window { get; init; }

    /// <summary>The parsed window, or null.</summary>
    public TimeSpan? WindowSpan()
    {
        if (Window is null)
        {
            return null;
        }

        var unit = Window.Length > 0 ? Window[^1] : ' ';
        if (!int.TryParse(Window.AsSpan(0, Math.Max(0, Window.Length - 1)), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            throw new FormatException($"--window: '{Window}' is not a span like 30m, 6h or 1d");
        }

        return unit switch
        {
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => throw new FormatException($"--window: '{Window}' is not a span like 30m, 6h or 1d"),
        };
    }

    /// <inheritdoc/>
    public override ValidationResult Validate()
    {
        if (Runs.Length == 0)
        {
            return ValidationResult.Error("give at least one run folder");
        }

        if (Wide && TimeSeries.Length > 0)
        {
            return ValidationResult.Error("--wide and --timeseries exclude each other");
        }

        if (Window is not null && TimeSeries.Length == 0)
        {
            return ValidationResult.Error("--window goes with --timeseries");
        }

        try
        {
            _ = WindowSpan();
        }
        catch (FormatException ex)
        {
            return ValidationResult.Error(ex.Message);
        }

        return ValidationResult.Success();
    }
}
