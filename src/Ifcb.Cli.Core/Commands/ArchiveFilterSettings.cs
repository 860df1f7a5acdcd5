using System.ComponentModel;
using System.Globalization;
using Ifcb.Data.Directories;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>
/// The bin filters of every command that reads an archive (<c>bins list</c>, <c>bins extract</c>, <c>classify</c>,
/// <c>quantize</c>): one spelling, one parser, one set of messages. A command's settings derive from this and call
/// <see cref="ValidateFilters"/> from their own validation.
/// </summary>
public abstract class ArchiveFilterSettings : CommandSettings
{
    /// <summary>First day.</summary>
    [CommandOption("--since <DATE>")]
    [Description("Keep bins sampled on or after this UTC day (yyyy-MM-dd).")]
    public string? Since { get; init; }

    /// <summary>Last day.</summary>
    [CommandOption("--until <DATE>")]
    [Description("Keep bins sampled up to and including this UTC day (yyyy-MM-dd).")]
    public string? Until { get; init; }

    /// <summary>Instruments, each value one or several comma-separated names.</summary>
    [CommandOption("--instrument <NAMES>")]
    [Description("Keep bins of these instruments (IFCB13, IFCB013 or 13); comma-separated or repeated.")]
    public string[] Instruments { get; init; } = [];

    /// <summary>The id list file.</summary>
    [CommandOption("--ids <FILE>")]
    [Description("Keep the bins listed in FILE (one id or bin file name per line, # comments).")]
    public string? IdsFile { get; init; }

    /// <summary>Checks the filter options; null when they are fine.</summary>
    protected ValidationResult? ValidateFilters()
    {
        foreach (var (name, value) in new[] { ("--since", Since), ("--until", Until) })
        {
            if (value is not null && !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                return ValidationResult.Error($"{name} '{value}' is not a date (yyyy-MM-dd)");
            }
        }

        foreach (var name in InstrumentNames())
        {
            if (!BinFilter.TryParseInstrument(name, out _))
            {
                return ValidationResult.Error($"--instrument '{name}' is not an instrument (IFCB13, IFCB013 or 13)");
            }
        }

        return IdsFile is not null && !File.Exists(IdsFile) ? ValidationResult.Error($"--ids file '{IdsFile}' does not exist") : null;
    }

    /// <summary>Builds the filter (call after validation).</summary>
    public BinFilter ToFilter()
    {
        static DateOnly? Day(string? s) => s is null ? null : DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new BinFilter
        {
            Since = Day(Since),
            Until = Day(Until),
            Instruments = InstrumentNames().Select(i => BinFilter.TryParseInstrument(i, out var n) ? n : -1).ToHashSet(),
            Ids = IdsFile is null ? null : BinFilter.ReadIdList(IdsFile),
        };
    }

    private IEnumerable<string> InstrumentNames()
        => Instruments.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
