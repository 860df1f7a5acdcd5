using System.ComponentModel;
using System.Globalization;
using Ifcb.Data.Directories;
using Ifcb.Inference.Engine;
using Ifcb.Inference.Sources;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>Options of <c>ifcb classify</c>.</summary>
public sealed class ClassifySettings : CommandSettings
{
    /// <summary>Bins, directory trees, list files or globs.</summary>
    [CommandArgument(0, "<INPUTS>")]
    [Description("Bins (with or without extension), directory trees, list files (one path per line) or globs.")]
    public string[] Inputs { get; init; } = [];

    /// <summary>The model.</summary>
    [CommandOption("--model <MODEL>")]
    [Description("A training run folder, our model.onnx (model card inside), or a WHOI-style .onnx with its .classes file.")]
    public string? Model { get; init; }

    /// <summary>The output root.</summary>
    [CommandOption("--out <DIR>")]
    [Description("Output root: per-bin files under D{YYYY}/D{YYYYMMDD}/ (v1 ids: IFCB{n}_{YYYY}/IFCB{n}_{YYYY}_{DOY}/), plus summary.csv, summary.sqlite, failures.csv, ifcb-run.json.")]
    public string? Out { get; init; }

    /// <summary>Output formats.</summary>
    [CommandOption("--format <FORMATS>")]
    [Description("Comma list of h5 (v3 {LID}_class.h5, default), csv ({LID}_class_scores.csv), parquet ({LID}_class_scores.parquet).")]
    [DefaultValue("h5")]
    public string Format { get; init; } = "h5";

    /// <summary>ROIs per batch.</summary>
    [CommandOption("--batch <N>")]
    [Description("ROIs per batch (batches span bins). Fixed-batch models always use their own batch.")]
    [DefaultValue(32)]
    public int Batch { get; init; } = 32;

    /// <summary>Devices.</summary>
    [CommandOption("--device <DEVICES>")]
    [Description("cpu (default), cuda, tensorrt, or a list such as cuda:0,cuda:1: one engine per device, all fed from one queue.")]
    [DefaultValue("cpu")]
    public string Device { get; init; } = "cpu";

    /// <summary>Shard K/N.</summary>
    [CommandOption("--shard <K/N>")]
    [Description("Classify only shard K of N (0-based; bins split by a stable hash of their id). Default: from SLURM_ARRAY_TASK_ID/COUNT or JOB_COMPLETION_INDEX.")]
    public string? Shard { get; init; }

    /// <summary>Shard count for a Kubernetes indexed job.</summary>
    [CommandOption("--shard-count <N>")]
    [Description("The number of shards when the index comes from JOB_COMPLETION_INDEX (or to override SLURM's count).")]
    public int? ShardCount { get; init; }

    /// <summary>First day.</summary>
    [CommandOption("--since <DATE>")]
    [Description("Only bins sampled on or after this day (yyyy-MM-dd, UTC).")]
    public string? Since { get; init; }

    /// <summary>Last day.</summary>
    [CommandOption("--until <DATE>")]
    [Description("Only bins sampled on or before this day (yyyy-MM-dd, UTC).")]
    public string? Until { get; init; }

    /// <summary>Instruments.</summary>
    [CommandOption("--instrument <NAMES>")]
    [Description("Only these instruments, comma-separated (IFCB13 or 13).")]
    public string? Instrument { get; init; }

    /// <summary>Id list file.</summary>
    [CommandOption("--ids <FILE>")]
    [Description("Only the bin ids listed in this file (one per line).")]
    public string? Ids { get; init; }

    /// <summary>Redo everything.</summary>
    [CommandOption("--clobber")]
    [Description("Redo bins whose outputs are already complete.")]
    public bool Clobber { get; init; }

    /// <summary>Write embeddings.</summary>
    [CommandOption("--embeddings")]
    [Description("Add the model's 'features' output (penultimate layer) to Parquet outputs as feature_0..F-1.")]
    public bool Embeddings { get; init; }

    /// <summary>Preprocessing workers.</summary>
    [CommandOption("--workers <N>")]
    [Description("Parallel preprocessing workers (default: one per core).")]
    public int Workers { get; init; }

    /// <summary>Parsed formats.</summary>
    public IReadOnlyList<string> Formats => Format.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(f => f.ToLowerInvariant()).Distinct().ToList();

    /// <inheritdoc/>
    public override ValidationResult Validate()
    {
        if (Inputs.Length == 0)
        {
            return ValidationResult.Error("give at least one bin, directory or list file");
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            return ValidationResult.Error("--model is required");
        }

        if (string.IsNullOrWhiteSpace(Out))
        {
            return ValidationResult.Error("--out is required");
        }

        if (Formats.Count == 0 || Formats.Any(f => !Ifcb.Inference.Outputs.ScoresFormats.Names.Contains(f)))
        {
            return ValidationResult.Error($"--format: unknown format in '{Format}' (use h5, csv, parquet)");
        }

        if (Batch < 1)
        {
            return ValidationResult.Error("--batch must be at least 1");
        }

        if (Workers < 0)
        {
            return ValidationResult.Error("--workers must not be negative");
        }

        try
        {
            DeviceSpec.ParseList(Device);
            _ = ShardSpecOrNull();
            _ = Day(Since, "--since");
            _ = Day(Until, "--until");
            _ = Instruments();
        }
        catch (FormatException ex)
        {
            return ValidationResult.Error(ex.Message);
        }

        return ValidationResult.Success();
    }

    /// <summary>The explicit shard, or the one from the environment, or null.</summary>
    public ShardSpec? ShardSpecOrNull(Func<string, string?>? environment = null)
        => Shard is not null ? ShardSpec.Parse(Shard) : ShardSpec.FromEnvironment(environment ?? Environment.GetEnvironmentVariable, ShardCount);

    /// <summary>The bin filter.</summary>
    public BinFilter Filter() => new()
    {
        Since = Day(Since, "--since"),
        Until = Day(Until, "--until"),
        Instruments = Instruments(),
        Ids = Ids is null ? null : BinFilter.ReadIdList(Ids),
    };

    private HashSet<int> Instruments()
        => (Instrument ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(i => BinFilter.TryParseInstrument(i, out var n) ? n : throw new FormatException($"--instrument: '{i}' is not an instrument (IFCB13 or 13)"))
            .ToHashSet();

    private static DateOnly? Day(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new FormatException($"{option}: '{text}' is not a date (yyyy-MM-dd)");
    }
}
