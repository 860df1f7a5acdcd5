using System.Globalization;
using Ifcb.Server.Auth;
using Ifcb.Server.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary><c>ifcb serve token list</c>: every token (id, first characters, dataset, label, created, revoked); never a secret.</summary>
public sealed class TokenListCommand(IAnsiConsole console) : Command<ServeSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, ServeSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var database = HubDatabase.Resolve(settings.Data, settings.Db);
        database.MigrateAsync(cancellationToken).GetAwaiter().GetResult();
        var tokens = new TokenService(database).ListAsync(cancellationToken).GetAwaiter().GetResult();
        var w = console.Profile.Out.Writer;
        // Tab-separated, one token a line, so scripts can read it.
        w.WriteLine("id\tprefix\tdataset\tname\tcreated\trevoked");
        foreach (var t in tokens)
        {
            w.WriteLine(string.Join('\t', t.Id.ToString(CultureInfo.InvariantCulture), t.Prefix + "...", t.Dataset, t.Name ?? "",
                t.Created.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), t.Revoked?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? ""));
        }

        return ExitCodes.Success;
    }
}
