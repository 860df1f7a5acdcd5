using System.ComponentModel;
using System.Globalization;
using Ifcb.Data.Directories;
using Ifcb.Inference.Engine;
using Ifcb.Inference.Runs;
using Ifcb.Inference.Sources;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>Options of <c>ifcb classify</c>.</summary>
public sealed class ClassifySettings : ArchiveFilterSettings
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
    [Description("cpu (default), cuda, tensorrt, or a list such as cuda:0,cuda:1, cuda:0,1,2,3 or cuda:all (every visible GPU): one engine per device, all fed from one queue.")]
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

    /// <summary>A shard plan (issue 18: ROI-balanced shards).</summary>
    [CommandOption("--plan <FILE>")]
    [Description("Follow this shard plan (bin,shard,rois; from `ifcb slurm plan` or `ifcb slurm classify`) instead of the id hash; needs --shard or SLURM's array variables.")]
    public string? Plan { get; init; }

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

    /// <summary>Numeric precision of the network.</summary>
    [CommandOption("--precision <PRECISION>")]
    [Description("fp32 (default: the model as stored) or fp16 (weights and activations converted to float16 at load; meant for GPUs: the CPU runs float16 models through casts, slower than fp32).")]
    [DefaultValue("fp32")]
    public string Precision { get; init; } = "fp32";

    /// <summary>Where resize and normalisation run.</summary>
    [CommandOption("--preprocess <WHERE>")]
    [Description("cpu (default: C# preprocessing workers) or onnx (the same resize and normalisation as ONNX operators in front of the model, fed 8-bit pixels: for GPUs; the scores are the same on the CPU). Dynamic-batch models only.")]
    [DefaultValue("cpu")]
    public string Preprocess { get; init; } = "cpu";

    /// <summary>Print the per-stage profile.</summary>
    [CommandOption("--profile")]
    [Description("Print the busy time and share of each pipeline stage (read, preprocess, copy, compute, write) at the end.")]
    public bool Profile { get; init; }

    /// <summary>Count correction method.</summary>
    [CommandOption("--correct <METHOD>")]
    [Description("Count correction written beside the raw counts: none, cc, pcc, acc, pacc, em, validated. Default: pacc when the model carries validation estimates, otherwise none (with a note). See docs/quantification.md.")]
    public string? Correct { get; init; }

    /// <summary>Refitted validation estimates.</summary>
    [CommandOption("--estimates <FILE>")]
    [Description("quantification.json written by `ifcb evaluate --model` on another labelled set, used instead of the model card's estimates.")]
    public string? Estimates { get; init; }

    /// <summary>Human-validated ROIs of this run.</summary>
    [CommandOption("--validated <CSV>")]
    [Description("With --correct validated: pid,class of human-validated ROIs of these bins; their per-class shares correct every bin of the run.")]
    public string? Validated { get; init; }

    /// <summary>EM per time window.</summary>
    [CommandOption("--correct-window <SPAN>")]
    [Description("With --correct em: estimate the class prior over all bins of each UTC window (30m, 6h, 1d ...), then apply it to each bin's ROIs.")]
    public string? CorrectWindow { get; init; }

    /// <summary>Bootstrap replicates of the intervals.</summary>
    [CommandOption("--correct-bootstrap <N>")]
    [Description("Bootstrap replicates per bin for the corrected counts' 95% intervals (default 200; 0: no intervals).")]
    [DefaultValue(200)]
    public int CorrectBootstrap { get; init; } = 200;

    /// <summary>Least validation support.</summary>
    [CommandOption("--min-support <N>")]
    [Description("Classes with fewer validation items are flagged (correction_note low_support), not corrected (default 10).")]
    [DefaultValue(10)]
    public int MinSupport { get; init; } = 10;
    /// <summary>The hub to push each bin to as it completes (issue 17).</summary>
    [CommandOption("--push <URL>")]
    [Description("Push each bin's counts to this hub as it completes, through outbox.sqlite in --out (see docs/edge.md).")]
    public string? Push { get; init; }

    /// <summary>The hub token.</summary>
    [CommandOption("--token <TOKEN>")]
    [Description("The hub's bearer token for --push (default: the IFCB_HUB_TOKEN environment variable).")]
    public string? Token { get; init; }

    /// <summary>The hub dataset.</summary>
    [CommandOption("--dataset <NAME>")]
    [Description("The hub dataset for --push (default: the bin's instrument, e.g. IFCB123).")]
    public string? Dataset { get; init; }

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

        if (Push is not null && (!Uri.TryCreate(Push, UriKind.Absolute, out _) || (Token ?? Environment.GetEnvironmentVariable("IFCB_HUB_TOKEN")) is null))
        {
            return ValidationResult.Error("--push needs an absolute URL and a --token (or IFCB_HUB_TOKEN)");
        }

        if (Preprocess is not ("cpu" or "onnx"))
        {
            return ValidationResult.Error($"--preprocess must be cpu or onnx, not '{Preprocess}'");
        }

        if (Precision is not ("fp32" or "fp16"))
        {
            return ValidationResult.Error($"--precision must be fp32 or fp16, not '{Precision}'");
        }

        if (Workers < 0)
        {
            return ValidationResult.Error("--workers must not be negative");
        }

        if (CorrectBootstrap < 0 || MinSupport < 0)
        {
            return ValidationResult.Error("--correct-bootstrap and --min-support must not be negative");
        }

        if (CorrectWindow is not null && !string.Equals(Correct, "em", StringComparison.OrdinalIgnoreCase))
        {
            return ValidationResult.Error("--correct-window goes with --correct em");
        }

        try
        {
            _ = CorrectionSetup.ParseWindow(CorrectWindow);
            DeviceSpec.ParseList(Device);
            _ = ShardSpecOrNull();
        }
        catch (FormatException ex)
        {
            return ValidationResult.Error(ex.Message);
        }

        return ValidateFilters() ?? ValidationResult.Success();
    }

    /// <summary>The explicit shard, or the one from the environment, or null.</summary>
    public ShardSpec? ShardSpecOrNull(Func<string, string?>? environment = null)
        => Shard is not null ? ShardSpec.Parse(Shard) : ShardSpec.FromEnvironment(environment ?? Environment.GetEnvironmentVariable, ShardCount);

    /// <summary>The shard with the plan of <c>--plan</c> attached (read here: the file's errors are usage errors).</summary>
    public ShardSpec WithPlan(ShardSpec shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        if (Plan is null)
        {
            return shard;
        }

        var plan = ShardPlan.Read(Plan);
        return plan.Count == shard.Count
            ? shard with { Plan = plan }
            : throw new FormatException($"--plan: {Plan} has {plan.Count} shards but the shard is {shard.Index}/{shard.Count}");
    }
}
