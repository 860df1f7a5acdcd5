using Ifcb.Data;
using Ifcb.Data.IO;
using Ifcb.Inference.Summary;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary><c>ifcb summary</c>: exports a classify run's counts as a wide bin x class table or per-class time series.</summary>
public sealed class SummaryCommand(IAnsiConsole console) : Command<SummarySettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, SummarySettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        SummaryTable table;
        try
        {
            var merged = SummaryMerge.Read(settings.Runs);
            if (settings.Merged is { } folder)
            {
                merged.Write(folder);
            }

            table = merged.ToTable();
        }
        catch (IfcbDataException ex)
        {
            throw new UsageException(ex.Message);
        }

        string text;
        try
        {
            text = settings.TimeSeries.Length > 0
                ? table.ToTimeSeriesCsv(settings.TimeSeries, settings.AboveThreshold, settings.WindowSpan())
                : table.ToWideCsv(settings.AboveThreshold, settings.PerMl, settings.Corrected);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        if (settings.Out is { } path)
        {
            AtomicFile.WriteAllText(path, text);
        }
        else
        {
            // Raw text: Spectre markup would eat square brackets in class names.
            console.Profile.Out.Writer.Write(text);
        }

        return ExitCodes.Success;
    }
}
