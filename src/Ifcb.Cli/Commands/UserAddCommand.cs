using Ifcb.Server.Auth;
using Ifcb.Server.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary><c>ifcb serve user add</c>: creates a page account (or resets its password and role); only the password's hash is stored.</summary>
public sealed class UserAddCommand(IAnsiConsole console) : Command<UserAddSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, UserAddSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var password = settings.Password ?? console.Prompt(new TextPrompt<string>($"Password for {settings.Name}:").Secret());
        var database = HubDatabase.Resolve(settings.Data, settings.Db);
        database.MigrateAsync(cancellationToken).GetAwaiter().GetResult();
        bool created;
        try
        {
            created = new UserService(database).AddOrUpdateAsync(settings.Name, settings.Role, password, cancellationToken).GetAwaiter().GetResult();
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        console.Profile.Out.Writer.WriteLine($"{(created ? "added" : "updated")} {settings.Role} '{settings.Name}' in {database.Describe()}");
        return ExitCodes.Success;
    }
}
