using Ifcb.Server.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary><c>ifcb serve</c>: runs the HAB hub (push API, read API, alerts, pages) until Ctrl+C.</summary>
public sealed class ServeCommand(IAnsiConsole console) : Command<ServeSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, ServeSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new HubOptions
        {
            DataDir = settings.Data,
            Db = settings.Db,
            Urls = settings.Urls ?? "http://127.0.0.1:8080",
            RawDirs = settings.Raw,
            ReadsNeedToken = settings.Private,
            ImeiDatasets = settings.ImeiDatasets(),
        };
        HubServer.RunAsync(options, line => console.Profile.Out.Writer.WriteLine(line), cancellationToken).GetAwaiter().GetResult();
        return ExitCodes.Success;
    }
}
