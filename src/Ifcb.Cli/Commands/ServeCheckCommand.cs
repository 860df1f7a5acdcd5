using Ifcb.Server.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>
/// <c>ifcb serve check</c>: the hub's score files against its database. Names every result whose file is missing or
/// damaged (exit 1: restore the data folder from the backup taken with the database) and lists, or with
/// <c>--remove-unreferenced</c> deletes, files no result references.
/// </summary>
public sealed class ServeCheckCommand(IAnsiConsole console) : Command<ServeCheckSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, ServeCheckSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.MinAgeMinutes < 0)
        {
            console.MarkupLineInterpolated($"[red]--min-age must be 0 or more minutes (got {settings.MinAgeMinutes})[/]");
            return ExitCodes.Usage;
        }

        var database = HubDatabase.Resolve(settings.Data, settings.Db);
        database.MigrateAsync(cancellationToken).GetAwaiter().GetResult();
        var report = ScoreFileCheck.RunAsync(database, settings.RemoveUnreferenced, TimeSpan.FromMinutes(settings.MinAgeMinutes), cancellationToken).GetAwaiter().GetResult();
        var w = console.Profile.Out.Writer;
        w.WriteLine($"{database.Describe()}; score files under {database.Scores.Root}");
        w.WriteLine($"{report.Rows} results with per-ROI scores ({report.InFiles} in files, {report.Rows - report.InFiles} in the database from before the files)");
        foreach (var b in report.Broken)
        {
            Console.Error.WriteLine($"{b.Dataset}/{b.Bin} model {b.Model}: {b.Problem}");
        }

        w.WriteLine($"{report.Broken.Count} results whose score file is missing or damaged");
        foreach (var file in report.Unreferenced)
        {
            w.WriteLine((settings.RemoveUnreferenced ? "removed " : "unreferenced ") + file);
        }

        w.WriteLine(settings.RemoveUnreferenced
            ? $"{report.Removed} unreferenced score files older than {settings.MinAgeMinutes} min removed"
            : $"{report.Unreferenced.Count} unreferenced score files older than {settings.MinAgeMinutes} min (--remove-unreferenced deletes them)");
        return report.Broken.Count > 0 ? ExitCodes.SomeFailed : ExitCodes.Success;
    }
}
