using Ifcb.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli;

/// <summary>
/// Runs a CLI host: one set of console, error and exit-code rules for every host (the full <c>ifcb</c>, the
/// classify-only <c>ifcb-classify</c>); each host only says which commands it registers. Tests call hosts
/// in-process with their own consoles, so nothing here may touch <see cref="Console"/> directly.
/// </summary>
public static class CliHost
{
    /// <summary>Runs <paramref name="register"/>'s commands as application <paramref name="name"/> and returns the exit code.</summary>
    public static int Run(string name, Action<IConfigurator> register, string[] args, IAnsiConsole? console = null, TextWriter? stderr = null)
    {
        ArgumentNullException.ThrowIfNull(register);
        var output = console ?? AnsiConsole.Console;
        if (console is null && Console.IsOutputRedirected)
        {
            // Piped or logged output has no terminal width; tables would collapse to an ellipsis.
            output.Profile.Width = 240;
        }

        var errors = stderr ?? Console.Error;
        var registrar = new TypeRegistrar();
        registrar.RegisterInstance(typeof(IAnsiConsole), output);
        // Commands that report per-item failures write them to stderr through this shared writer.
        registrar.RegisterInstance(typeof(ErrorWriter), new ErrorWriter(errors));
        var app = new CommandApp(registrar);
        app.Configure(config =>
        {
            config.SetApplicationName(name);
            config.ConfigureConsole(output);
            config.PropagateExceptions();
            config.Settings.StrictParsing = true;
            register(config);
        });

        try
        {
            return app.Run(args);
        }
        catch (CommandParseException ex)
        {
            errors.WriteLine($"{name}: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (CommandRuntimeException ex)
        {
            errors.WriteLine($"{name}: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is UsageException or App.InvalidRequestException)
        {
            errors.WriteLine($"{name}: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (IfcbDataException ex)
        {
            // Bad input that stops a whole command (a model file, a single bin): name it, no stack trace.
            errors.WriteLine($"{name}: {ex.Message}");
            return ExitCodes.SomeFailed;
        }
    }
}
