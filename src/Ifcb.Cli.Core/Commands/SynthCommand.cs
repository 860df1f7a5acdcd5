using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Ifcb.Synthetic;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary><c>ifcb synth</c>: writes a synthetic archive of bins with ground truth, or a labelled image set.</summary>
public sealed class SynthCommand(IAnsiConsole console, ErrorWriter errors) : Command<SynthCommand.Settings>
{
    /// <summary>Options of <c>ifcb synth</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The output directory.</summary>
        [CommandOption("-o|--out <DIR>")]
        [Description("Output directory (created if missing).")]
        public string? Out { get; init; }

        /// <summary>Write class-per-folder PNGs instead of bins.</summary>
        [CommandOption("--images")]
        [Description("Write a labelled image set <out>/<class>/<roi>.png instead of bins.")]
        public bool Images { get; init; }

        /// <summary>Number of bins.</summary>
        [CommandOption("--bins <N>")]
        [Description("Number of bins (default 4).")]
        public int Bins { get; init; } = 4;

        /// <summary>Image ROIs per bin.</summary>
        [CommandOption("--rois <M>")]
        [Description("Image ROIs per bin (default 200).")]
        public int Rois { get; init; } = 200;

        /// <summary>Images per class (image-set mode).</summary>
        [CommandOption("--per-class <N>")]
        [Description("Images per class with --images (default 40).")]
        public int PerClass { get; init; } = 40;

        /// <summary>The seed.</summary>
        [CommandOption("--seed <S>")]
        [Description("Seed; the same seed writes byte-identical files (default 1).")]
        public ulong Seed { get; init; } = 1;

        /// <summary>The first day.</summary>
        [CommandOption("--start <YYYY-MM-DD>")]
        [Description("UTC day of the first bin (default 2022-05-19).")]
        public string Start { get; init; } = "2022-05-19";

        /// <summary>The instrument number.</summary>
        [CommandOption("--instrument <NNN>")]
        [Description("Instrument number in bin ids, 1-999 (default 999).")]
        public int Instrument { get; init; } = 999;

        /// <summary>Bins per day.</summary>
        [CommandOption("--bins-per-day <N>")]
        [Description("Bins per day; bins spread over consecutive days (default 3).")]
        public int BinsPerDay { get; init; } = 3;

        /// <summary>The class mix.</summary>
        [CommandOption("--mix <KIND>")]
        [Description("Class mix of the bins: natural (default, random per bin), balanced, bloom, shifted, daynight (prior shifts for testing count correction).")]
        public string Mix { get; init; } = "natural";

        /// <summary>The blooming class.</summary>
        [CommandOption("--bloom-class <NAME>")]
        [Description("The class that blooms with --mix bloom (default dinoflagellate).")]
        public string BloomClass { get; init; } = "dinoflagellate";

        /// <summary>The parsed mix.</summary>
        public ClassMixKind MixKind()
            => Enum.TryParse<ClassMixKind>(Mix, ignoreCase: true, out var kind) && !int.TryParse(Mix, out _)
                ? kind
                : throw new FormatException($"--mix '{Mix}' is not one of natural, balanced, bloom, shifted, daynight");

        /// <summary>Live mode's data folder (issue 17).</summary>
        [CommandOption("--live <DIR>")]
        [Description("Simulate an instrument: write the bins into DIR one by one as an IFCB does (.roi/.adc growing, .hdr last).")]
        public string? Live { get; init; }

        /// <summary>Seconds per live bin.</summary>
        [CommandOption("--every <SECONDS>")]
        [Description("With --live: seconds per bin (default 20).")]
        public double Every { get; init; } = 20;

        /// <summary>Bins abandoned half-written.</summary>
        [CommandOption("--abandon <INDICES>")]
        [Description("With --live: comma list of 0-based bin indices left half-written without .hdr (an instrument crash).")]
        public string? Abandon { get; init; }

        /// <inheritdoc/>
        public override ValidationResult Validate()
        {
            try
            {
                _ = MixKind();
            }
            catch (FormatException ex)
            {
                return ValidationResult.Error(ex.Message);
            }

            if (SyntheticClasses.IndexOf(BloomClass) < 0)
            {
                return ValidationResult.Error($"--bloom-class '{BloomClass}' is not a synthetic class ({string.Join(", ", SyntheticClasses.All)})");
            }

            if (Live is not null)
            {
                return Every > 0 ? ValidationResult.Success() : ValidationResult.Error("--every must be > 0");
            }

            if (string.IsNullOrWhiteSpace(Out))
            {
                return ValidationResult.Error("--out <DIR> is required");
            }

            if (Bins < 0 || Rois < 0 || PerClass < 0)
            {
                return ValidationResult.Error("--bins, --rois and --per-class must be >= 0");
            }

            if (Instrument is < 1 or > 999)
            {
                return ValidationResult.Error("--instrument must be between 1 and 999");
            }

            if (BinsPerDay < 1)
            {
                return ValidationResult.Error("--bins-per-day must be >= 1");
            }

            if (!DateTime.TryParseExact(Start, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                return ValidationResult.Error($"--start '{Start}' is not a date (YYYY-MM-DD)");
            }

            return ValidationResult.Success();
        }
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            if (settings.Live is not null)
            {
                return LiveSynth.Play(settings, console, cancellationToken);
            }

            return Write(settings);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Disk full, a file where a directory should be, no permission: name the output and why.
            errors.Failure(settings.Out!, ex.Message);
            return ExitCodes.SomeFailed;
        }
    }

    private int Write(Settings settings)
    {
        var stopwatch = Stopwatch.StartNew();
        var outDir = settings.Out!;
        if (settings.Images)
        {
            var set = SyntheticImageSetWriter.Write(outDir, settings.PerClass, settings.Seed, settings.Instrument);
            Report(set.Images, $"{set.Images} images ({settings.PerClass} per class, {set.Classes.Count} classes) in {set.Root}", stopwatch.Elapsed, unit: "images/s");
            return ExitCodes.Success;
        }

        var start = DateTime.SpecifyKind(DateTime.ParseExact(settings.Start, "yyyy-MM-dd", CultureInfo.InvariantCulture), DateTimeKind.Utc);
        var options = new SyntheticArchiveOptions
        {
            Bins = settings.Bins,
            RoisPerBin = settings.Rois,
            Seed = settings.Seed,
            Start = start,
            Instrument = settings.Instrument,
            BinsPerDay = settings.BinsPerDay,
            Mix = settings.MixKind(),
            BloomClass = SyntheticClasses.IndexOf(settings.BloomClass),
        };
        var result = SyntheticArchiveWriter.Write(outDir, options);
        Report(result.Rois, $"{result.Lids.Count} bins, {result.Rois} ROIs ({result.Lines} ADC lines) in {result.Root}", stopwatch.Elapsed, $"ground truth: {result.GroundTruthPath}");
        return ExitCodes.Success;
    }

    private void Report(int count, string what, TimeSpan elapsed, string? detail = null, string unit = "ROIs/s")
    {
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-6);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {what}"));
        if (detail is not null)
        {
            console.WriteLine(detail);
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{seconds:F2} s, {count / seconds:F0} {unit}"));
    }
}
