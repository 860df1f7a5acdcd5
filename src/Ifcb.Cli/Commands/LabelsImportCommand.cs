using Ifcb.Data;
using Ifcb.Formats.Labels;
using Ifcb.Server.Data;
using Ifcb.Server.Ingest;
using Ifcb.Server.Validation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>
/// <c>ifcb serve labels import</c>: stores existing manual annotations (ifcb-analysis <c>.mat</c> folders,
/// <c>pid,class</c> CSV) as validation decisions, so a lab's history is in the hub from day one.
/// </summary>
public sealed class LabelsImportCommand(IAnsiConsole console) : Command<LabelsImportSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, LabelsImportSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        RoiLabelSet labels;
        try
        {
            labels = RoiLabelSet.Load(settings.Sources);
        }
        catch (IfcbDataException ex)
        {
            throw new UsageException(ex.Message);
        }

        var database = HubDatabase.Resolve(settings.Data, settings.Db);
        database.MigrateAsync(cancellationToken).GetAwaiter().GetResult();
        (int Added, int Replaced) result;
        try
        {
            result = new ValidationService(database).ImportAsync(settings.Dataset, labels.Labels, settings.Annotator, cancellationToken).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is ArgumentException or PushValidationException or ValidationInputException)
        {
            throw new UsageException(ex.Message);
        }

        foreach (var note in labels.Notes)
        {
            console.Profile.Out.Writer.WriteLine(note);
        }

        console.Profile.Out.Writer.WriteLine($"imported {labels.Labels.Count} labels as '{settings.Annotator}' into {database.Describe()} (dataset {settings.Dataset}): {result.Added} new, {result.Replaced} replaced");
        return ExitCodes.Success;
    }
}
