using System.Globalization;
using Ifcb.Synthetic;
using Spectre.Console;

namespace Ifcb.Cli.Commands;

/// <summary><c>ifcb synth --live DIR --every S</c>: a simulated instrument for demos of <c>ifcb watch</c>.</summary>
internal static class LiveSynth
{
    public static int Play(SynthCommand.Settings settings, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var abandon = (settings.Abandon ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(i => int.Parse(i, CultureInfo.InvariantCulture)).ToHashSet();
        var start = DateTime.SpecifyKind(DateTime.ParseExact(settings.Start, "yyyy-MM-dd", CultureInfo.InvariantCulture), DateTimeKind.Utc);
        var options = new SyntheticArchiveOptions { Bins = settings.Bins, RoisPerBin = settings.Rois, Seed = settings.Seed, Start = start, Instrument = settings.Instrument, BinsPerDay = settings.BinsPerDay };
        var staging = Path.Combine(Path.GetTempPath(), $"ifcb-live-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(settings.Live!);
        try
        {
            var (complete, abandoned) = LiveInstrument.PlayAsync(options, settings.Live!, TimeSpan.FromSeconds(settings.Every), chunks: 8, abandon, staging, cancellationToken).GetAwaiter().GetResult();
            console.WriteLine($"played {complete.Count} bins into {settings.Live}; abandoned: {(abandoned.Count == 0 ? "none" : string.Join(", ", abandoned))}");
            return ExitCodes.Success;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }
}
