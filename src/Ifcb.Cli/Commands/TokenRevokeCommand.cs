using System.ComponentModel;
using Ifcb.Server.Auth;
using Ifcb.Server.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary><c>ifcb serve token revoke ID</c>: the token gets 401 from then on (kept in the list, marked revoked).</summary>
public sealed class TokenRevokeCommand(IAnsiConsole console) : Command<TokenRevokeSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, TokenRevokeSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var database = HubDatabase.Resolve(settings.Data, settings.Db);
        database.MigrateAsync(cancellationToken).GetAwaiter().GetResult();
        if (!new TokenService(database).RevokeAsync(settings.Id, cancellationToken).GetAwaiter().GetResult())
        {
            throw new UsageException($"no token with id {settings.Id} (ifcb serve token list shows them)");
        }

        console.Profile.Out.Writer.WriteLine($"token {settings.Id} revoked");
        return ExitCodes.Success;
    }
}

/// <summary>Options of <c>ifcb serve token revoke</c>.</summary>
public sealed class TokenRevokeSettings : ServeSettings
{
    /// <summary>The token's id (from <c>ifcb serve token list</c>).</summary>
    [CommandArgument(0, "<ID>")]
    [Description("The token's id, as ifcb serve token list shows it.")]
    public int Id { get; init; }
}
