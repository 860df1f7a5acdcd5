using Ifcb.Server.Auth;
using Ifcb.Server.Data;
using Ifcb.Server.Ingest;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary><c>ifcb serve token create</c>: makes a push token for a dataset, prints it once; only its hash is stored.</summary>
public sealed class TokenCreateCommand(IAnsiConsole console) : Command<TokenCreateSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, TokenCreateSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var database = HubDatabase.Resolve(settings.Data, settings.Db);
        database.MigrateAsync(cancellationToken).GetAwaiter().GetResult();
        string token;
        try
        {
            token = new TokenService(database).CreateAsync(settings.Dataset, settings.Name, cancellationToken).GetAwaiter().GetResult();
        }
        catch (PushValidationException ex)
        {
            throw new UsageException(ex.Message);
        }

        // The token alone on stdout, so scripts can capture it; it cannot be shown again.
        console.Profile.Out.Writer.WriteLine(token);
        return ExitCodes.Success;
    }
}
