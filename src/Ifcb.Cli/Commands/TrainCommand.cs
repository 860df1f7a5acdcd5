using System.ComponentModel;
using System.Globalization;
using Ifcb.Data;
using Ifcb.Datasets;
using Ifcb.Imaging;
using Ifcb.Training.Loop;
using Ifcb.Training.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary><c>ifcb train</c>: trains a classifier on labelled images into a resumable run folder.</summary>
public sealed class TrainCommand(IAnsiConsole console, ErrorWriter errors) : Command<TrainCommand.Settings>
{
    /// <summary>Command-line settings of <c>ifcb train</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "[DATA]")]
        [Description("Folders with one sub-folder per class, or dataset-config files (one root per line, optional 'N:' priority); with --labels: folders of bins and bins.")]
        public string[] Data { get; init; } = [];

        [CommandOption("--model <ARCH>")]
        [Description("Architecture (registry name), e.g. inception_v3, resnet18.")]
        public string? Model { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Run folder to create.")]
        public string? Out { get; init; }

        [CommandOption("--input-size <N>")]
        public int? InputSize { get; init; }

        [CommandOption("--epochs-max <N>")]
        [DefaultValue(60)]
        public int EpochsMax { get; init; } = 60;

        [CommandOption("--epochs-min <N>")]
        [DefaultValue(10)]
        public int EpochsMin { get; init; } = 10;

        [CommandOption("--patience <N>")]
        [DefaultValue(10)]
        public int Patience { get; init; } = 10;

        [CommandOption("--batch <N>")]
        [DefaultValue(32)]
        public int Batch { get; init; } = 32;

        [CommandOption("--lr <X>")]
        [DefaultValue(1e-3)]
        public double Lr { get; init; } = 1e-3;

        [CommandOption("--seed <N>")]
        [DefaultValue(1)]
        public int Seed { get; init; } = 1;

        [CommandOption("--split <TRAIN:VAL>")]
        [DefaultValue("80:20")]
        public string Split { get; init; } = "80:20";

        [CommandOption("--class-config <CSV>")]
        [Description("WHOI class-config CSV; the next argument names the column: --class-config classes.csv v2")]
        public string? ClassConfig { get; init; }

        [CommandOption("--class-min <N>")]
        [DefaultValue(2)]
        public int ClassMin { get; init; } = 2;

        [CommandOption("--class-max <N>")]
        public int? ClassMax { get; init; }

        [CommandOption("--flip <MODE>")]
        [Description("x, y, xy (optionally +V to flip validation images too) or none.")]
        [DefaultValue("none")]
        public string Flip { get; init; } = "none";

        [CommandOption("--rotate")]
        [Description("Random 90-degree rotations.")]
        public bool Rotate { get; init; }

        [CommandOption("--scale <X>")]
        [Description("Random zoom in [[1-X, 1+X]].")]
        public double Scale { get; init; }

        [CommandOption("--shift <X>")]
        [Description("Random shift up to X of the side.")]
        public double Shift { get; init; }

        [CommandOption("--brightness <X>")]
        public double Brightness { get; init; }

        [CommandOption("--contrast <X>")]
        public double Contrast { get; init; }

        [CommandOption("--pretrained <FILE>")]
        [Description("PyTorch state dict (.pt/.pth) to start from; the head is replaced.")]
        public string? Pretrained { get; init; }

        [CommandOption("--init-from <MODEL>")]
        [Description("One of our model folders to fine-tune.")]
        public string? InitFrom { get; init; }

        [CommandOption("--resume <DIR>")]
        [Description("Continue an interrupted run folder (its saved arguments are used).")]
        public string? Resume { get; init; }

        [CommandOption("--optimizer <NAME>")]
        [DefaultValue("adam")]
        public string Optimizer { get; init; } = "adam";

        [CommandOption("--schedule <NAME>")]
        [DefaultValue("constant")]
        public string Schedule { get; init; } = "constant";

        [CommandOption("--warmup <N>")]
        [Description("Warm-up epochs.")]
        public int Warmup { get; init; }

        [CommandOption("--class-weights <MODE>")]
        [DefaultValue("none")]
        public string ClassWeights { get; init; } = "none";

        [CommandOption("--label-smoothing <X>")]
        public double LabelSmoothing { get; init; }

        [CommandOption("--early-stop <METRIC>")]
        [DefaultValue("loss")]
        public string EarlyStop { get; init; } = "loss";

        [CommandOption("--resize <MODE>")]
        [DefaultValue("stretch")]
        public string Resize { get; init; } = "stretch";

        [CommandOption("--channels <N>")]
        [DefaultValue(3)]
        public int Channels { get; init; } = 3;

        [CommandOption("--mean <LIST>")]
        [Description("Normalisation mean, one value or one per channel (comma-separated).")]
        [DefaultValue("0")]
        public string Mean { get; init; } = "0";

        [CommandOption("--std <LIST>")]
        [DefaultValue("1")]
        public string Std { get; init; } = "1";

        [CommandOption("--no-channels-last")]
        public bool NoChannelsLast { get; init; }

        [CommandOption("--bf16")]
        public bool Bf16 { get; init; }

        [CommandOption("--workers <N>")]
        public int Workers { get; init; }

        [CommandOption("--labels <FILE>")]
        [Description("Labels of ROIs inside the DATA bins: a pid,class CSV, an ifcb-analysis {bin id}.mat annotation file or a folder of them; repeatable.")]
        public string[] Labels { get; init; } = [];

        [CommandOption("--group-split <MODE>")]
        [DefaultValue("none")]
        public string GroupSplit { get; init; } = "none";

        [CommandOption("--split-from <DIR>")]
        public string? SplitFrom { get; init; }

        public override ValidationResult Validate()
        {
            if (Resume is null)
            {
                if (Data.Length == 0)
                {
                    return ValidationResult.Error("DATA: give at least one folder of class folders, bins with --labels, or --resume DIR");
                }

                if (string.IsNullOrWhiteSpace(Model))
                {
                    return ValidationResult.Error("--model is required");
                }

                if (string.IsNullOrWhiteSpace(Out))
                {
                    return ValidationResult.Error("--out is required");
                }
            }

            string? problem = null;
            if (EpochsMax < 1) problem = "--epochs-max must be at least 1";
            else if (EpochsMin < 0) problem = "--epochs-min must not be negative";
            else if (Patience < 1) problem = "--patience must be at least 1";
            else if (Batch < 1) problem = "--batch must be at least 1";
            else if (!(Lr > 0) || double.IsInfinity(Lr)) problem = "--lr must be positive";
            else if (ClassMin < 1) problem = "--class-min must be at least 1";
            else if (ClassMax is < 1) problem = "--class-max must be at least 1";
            else if (Channels is not (1 or 3)) problem = "--channels must be 1 or 3";
            else if (InputSize is < 8 or > 4096) problem = "--input-size must lie in 8..4096";
            else if (Warmup < 0) problem = "--warmup must not be negative";
            else if (Workers < 0) problem = "--workers must not be negative";
            else if (!(LabelSmoothing >= 0 && LabelSmoothing < 1)) problem = "--label-smoothing must lie in [0, 1)";
            else if (Scale is < 0 or >= 1 || Shift is < 0 or >= 1 || Brightness is < 0 or > 1 || Contrast is < 0 or >= 1)
                problem = "--scale, --shift, --contrast must lie in [0, 1) and --brightness in [0, 1]";
            if (problem is not null)
            {
                return ValidationResult.Error(problem);
            }

            try
            {
                _ = TrainFraction(Split);
                _ = AugmentOptions.None.WithFlip(Flip);
                _ = ParseEnum<OptimizerKind>("--optimizer", Optimizer);
                _ = ParseEnum<ScheduleKind>("--schedule", Schedule);
                _ = ParseEnum<ClassWeighting>("--class-weights", ClassWeights);
                _ = ParseEnum<EarlyStopMetric>("--early-stop", EarlyStop);
                _ = ParseEnum<GroupSplit>("--group-split", GroupSplit);
                _ = ResizeMode(Resize);
                _ = Floats("--mean", Mean);
                _ = Floats("--std", Std);
                if (Model is not null && !ModelRegistry.Architectures.Any(a => string.Equals(a.Name, Model, StringComparison.OrdinalIgnoreCase)))
                {
                    return ValidationResult.Error($"--model '{Model}' is not a known architecture ({string.Join(", ", ModelRegistry.Architectures.Select(a => a.Name))})");
                }
            }
            catch (FormatException e)
            {
                return ValidationResult.Error(e.Message.StartsWith("flip", StringComparison.Ordinal) ? "--" + e.Message : e.Message);
            }

            return ValidationResult.Success();
        }

        internal static Imaging.ResizeMode ResizeMode(string value)
        {
            try
            {
                return ModelCardPreprocessing.ParseResizeMode(value);
            }
            catch (FormatException e)
            {
                throw new FormatException("--resize: " + e.Message, e);
            }
        }

        internal static double TrainFraction(string split)
        {
            var parts = split.Split(':');
            if (parts.Length == 2
                && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
                && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
                && a > 0 && b > 0)
            {
                return a / (a + b);
            }

            throw new FormatException($"--split '{split}' is not TRAIN:VAL with two positive numbers, e.g. 80:20");
        }

        internal static T ParseEnum<T>(string option, string value)
            where T : struct, Enum
        {
            if (Enum.TryParse<T>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var result) && !int.TryParse(value, out _))
            {
                return result;
            }

            var names = string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
            throw new FormatException($"{option} '{value}' is not one of {names}");
        }

        internal static float[] Floats(string option, string value)
        {
            var parts = value.Split(',', StringSplitOptions.TrimEntries);
            var result = new float[parts.Length];
            for (var i = 0; i < parts.Length; i++)
            {
                if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]) || !float.IsFinite(result[i]))
                {
                    throw new FormatException($"{option} '{value}' is not a comma-separated list of numbers");
                }
            }

            return result;
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var raw = context.Arguments.ToList();
        TrainOptions options;
        var resume = settings.Resume is not null;
        if (resume)
        {
            if (!Directory.Exists(settings.Resume))
            {
                throw new UsageException($"--resume: '{settings.Resume}' is not a folder");
            }

            try
            {
                options = Trainer.ReadRunOptions(settings.Resume!) with { Out = Path.GetFullPath(settings.Resume!) };
            }
            catch (IfcbDataException e)
            {
                throw new UsageException($"--resume: {e.Message}");
            }

            if (settings.Workers > 0)
            {
                options = options with { Workers = settings.Workers };
            }
        }
        else
        {
            options = Build(settings, raw);
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // First Ctrl-C: stop after the current step and keep the checkpoint; a second one kills.
            if (!cts.IsCancellationRequested)
            {
                e.Cancel = true;
                cts.Cancel();
            }
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return Train(options, resume, cts.Token);
        }
        catch (IfcbDataException e)
        {
            errors.Failure("train", e.Message);
            return ExitCodes.SomeFailed;
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private int Train(TrainOptions options, bool resume, CancellationToken cancellationToken)
    {
        bool finished;
        string? best = null;
        if (console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi)
        {
            finished = false;
            console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var observer = new TrainProgressObserver(console, ctx);
                    using var trainer = new Trainer(options, observer);
                    finished = trainer.Run(resume, cancellationToken);
                    best = Describe(trainer.Best);
                });
        }
        else
        {
            using var trainer = new Trainer(options, new TrainLogObserver(console));
            finished = trainer.Run(resume, cancellationToken);
            best = Describe(trainer.Best);
        }

        if (best is not null)
        {
            console.WriteLine($"best {best}");
        }

        if (!finished)
        {
            console.WriteLine($"stopped; continue with: ifcb train --resume {options.Out}");
            return ExitCodes.Success;
        }

        // The best epoch's validation report, calibration into the model card, and the ONNX export for classify.
        var evaluation = Workflows.RunFinisher.Finish(options.Out);
        console.WriteLine($"temperature {evaluation.Temperature.ToString("F3", CultureInfo.InvariantCulture)}; per-class thresholds for precision 0.95 stored in the model card");
        console.WriteLine($"report: {evaluation.Files["report"]}");
        console.WriteLine($"model: {Path.Combine(options.Out, Training.Export.TrainedModel.OnnxFileName)}");
        console.WriteLine($"run folder: {options.Out}");
        return ExitCodes.Success;
    }

    private static string? Describe(EpochResult? best) => best is null ? null : string.Create(CultureInfo.InvariantCulture,
        $"epoch {best.Epoch}: val_loss {best.ValLoss:F4} accuracy {best.Accuracy:F4} f1_macro {best.F1Macro:F4} f1_weighted {best.F1Weighted:F4}");

    private static TrainOptions Build(Settings s, List<string> raw)
    {
        var data = s.Data.ToList();
        string? column = null;
        if (s.ClassConfig is not null)
        {
            // --class-config CSV COLUMN: the parser sees COLUMN as one more DATA argument; take it back.
            var at = raw.FindIndex(a => a is "--class-config");
            var value = at >= 0 && at + 2 < raw.Count ? raw[at + 2] : null;
            if (value is null || value.StartsWith('-') || !data.Remove(value))
            {
                throw new UsageException("--class-config needs a file and a column name: --class-config CSV COLUMN");
            }

            column = value;
            if (!File.Exists(s.ClassConfig))
            {
                throw new UsageException($"--class-config: file '{s.ClassConfig}' not found");
            }
        }

        var labels = s.Labels ?? [];
        if (data.Count == 0)
        {
            throw new UsageException(labels.Length > 0 ? "DATA: give the bins (folders of bins or bin paths) the --labels name" : "DATA: give at least one folder of class folders");
        }

        LabelledBinInputs.Check(data, labels);

        foreach (var (option, path) in new[] { ("--pretrained", s.Pretrained), ("--init-from", s.InitFrom), ("--split-from", s.SplitFrom) })
        {
            if (path is not null && !File.Exists(path) && !Directory.Exists(path))
            {
                throw new UsageException($"{option}: '{path}' does not exist");
            }
        }

        if (s.Pretrained is not null && s.InitFrom is not null)
        {
            throw new UsageException("--pretrained and --init-from cannot be combined");
        }

        var augment = AugmentOptions.None.WithFlip(s.Flip) with
        {
            Rotate90 = s.Rotate,
            Scale = s.Scale,
            Shift = s.Shift,
            Brightness = s.Brightness,
            Contrast = s.Contrast,
        };
        return new TrainOptions
        {
            Data = [.. data.Select(Path.GetFullPath)],
            Labels = [.. labels.Select(Path.GetFullPath)],
            Model = ModelRegistry.Get(s.Model!).Name,
            Out = Path.GetFullPath(s.Out!),
            InputSize = s.InputSize,
            Channels = s.Channels,
            Resize = Settings.ResizeMode(s.Resize),
            Mean = Settings.Floats("--mean", s.Mean),
            Std = Settings.Floats("--std", s.Std),
            EpochsMax = s.EpochsMax,
            EpochsMin = Math.Min(s.EpochsMin, s.EpochsMax),
            Patience = s.Patience,
            Batch = s.Batch,
            Lr = s.Lr,
            Seed = s.Seed,
            TrainFraction = Settings.TrainFraction(s.Split),
            ClassConfigPath = s.ClassConfig is null ? null : Path.GetFullPath(s.ClassConfig),
            ClassConfigColumn = column,
            ClassMin = s.ClassMin,
            ClassMax = s.ClassMax,
            Augment = augment,
            Pretrained = s.Pretrained is null ? null : Path.GetFullPath(s.Pretrained),
            InitFrom = s.InitFrom is null ? null : Path.GetFullPath(s.InitFrom),
            Optimizer = Settings.ParseEnum<OptimizerKind>("--optimizer", s.Optimizer),
            Schedule = Settings.ParseEnum<ScheduleKind>("--schedule", s.Schedule),
            Warmup = s.Warmup,
            ClassWeights = Settings.ParseEnum<ClassWeighting>("--class-weights", s.ClassWeights),
            LabelSmoothing = s.LabelSmoothing,
            EarlyStop = Settings.ParseEnum<EarlyStopMetric>("--early-stop", s.EarlyStop),
            ChannelsLast = !s.NoChannelsLast,
            Bf16 = s.Bf16,
            Workers = s.Workers,
            GroupSplit = Settings.ParseEnum<GroupSplit>("--group-split", s.GroupSplit),
            SplitFrom = s.SplitFrom is null ? null : Path.GetFullPath(s.SplitFrom),
            CommandLine = ["train", .. raw],
        };
    }
}
