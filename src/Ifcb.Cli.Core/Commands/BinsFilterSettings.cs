using System.ComponentModel;
using System.Globalization;
using Ifcb.Data.Directories;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>The inputs and filters shared by <c>bins list</c> and <c>bins extract</c>.</summary>
public class BinsFilterSettings : CommandSettings
{
    [CommandArgument(0, "<PATHS>")]
    [Description("Directories (searched recursively) or bins (a path with or without .hdr/.adc/.roi).")]
    public string[] Paths { get; set; } = [];

    [CommandOption("--since <DATE>")]
    [Description("Keep bins from this UTC day on (yyyy-MM-dd).")]
    public string? Since { get; set; }

    [CommandOption("--until <DATE>")]
    [Description("Keep bins up to and including this UTC day (yyyy-MM-dd).")]
    public string? Until { get; set; }

    [CommandOption("--instrument <NAME>")]
    [Description("Keep bins of these instruments (IFCB13, IFCB013 or 13); repeatable.")]
    public string[] Instruments { get; set; } = [];

    [CommandOption("--ids <FILE>")]
    [Description("Keep the bins listed in FILE (one id per line).")]
    public string? IdsFile { get; set; }

    /// <inheritdoc/>
    public override ValidationResult Validate()
    {
        if (Paths.Length == 0)
        {
            return ValidationResult.Error("give at least one directory or bin");
        }

        foreach (var (name, value) in new[] { ("--since", Since), ("--until", Until) })
        {
            if (value is not null && !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                return ValidationResult.Error($"{name} '{value}' is not a date (yyyy-MM-dd)");
            }
        }

        foreach (var i in Instruments)
        {
            if (!BinFilter.TryParseInstrument(i, out _))
            {
                return ValidationResult.Error($"--instrument '{i}' is not an instrument (IFCB13, IFCB013 or 13)");
            }
        }

        if (IdsFile is not null && !File.Exists(IdsFile))
        {
            return ValidationResult.Error($"--ids file '{IdsFile}' does not exist");
        }

        return ValidationResult.Success();
    }

    /// <summary>Builds the filter (call after validation).</summary>
    public BinFilter ToFilter()
    {
        static DateOnly? Day(string? s) => s is null ? null : DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new BinFilter
        {
            Since = Day(Since),
            Until = Day(Until),
            Instruments = Instruments.Select(i => BinFilter.TryParseInstrument(i, out var n) ? n : -1).ToHashSet(),
            Ids = IdsFile is null ? null : BinFilter.ReadIdList(IdsFile),
        };
    }
}
