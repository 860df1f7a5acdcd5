using Ifcb.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli;

/// <summary>
/// The composition root: every command is registered here. Tests call <see cref="Run"/> in-process with
/// their own consoles, so nothing here may touch <see cref="Console"/> directly.
/// </summary>
public static class CliApp
{
    /// <summary>Runs the CLI with the given arguments and returns the process exit code.</summary>
    public static int Run(string[] args, IAnsiConsole? console = null, TextWriter? stderr = null)
    {
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
            config.SetApplicationName("ifcb");
            config.ConfigureConsole(output);
            config.PropagateExceptions();
            config.Settings.StrictParsing = true;
            CommandRegistry.RegisterAll(config);
        });

        try
        {
            return app.Run(args);
        }
        catch (CommandParseException ex)
        {
            errors.WriteLine($"ifcb: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (CommandRuntimeException ex)
        {
            errors.WriteLine($"ifcb: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (UsageException ex)
        {
            errors.WriteLine($"ifcb: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (IfcbDataException ex)
        {
            // Bad input that stops a whole command (a model file, a single bin): name it, no stack trace.
            errors.WriteLine($"ifcb: {ex.Message}");
            return ExitCodes.SomeFailed;
        }
    }
}
