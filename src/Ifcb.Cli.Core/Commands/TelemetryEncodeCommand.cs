using System.ComponentModel;
using Ifcb.Data.IO;
using Ifcb.Push;
using Ifcb.Telemetry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary><c>ifcb telemetry encode RUN --bin ID [--out FILE]</c>: one bin's counts as an Iridium SBD message.</summary>
public sealed class TelemetryEncodeCommand(IAnsiConsole console, ErrorWriter errors) : Command<TelemetryEncodeCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The run folder.</summary>
        [CommandArgument(0, "<RUN_FOLDER>")]
        [Description("An `ifcb classify` or `ifcb watch` output folder.")]
        public string Run { get; init; } = string.Empty;

        /// <summary>The bin.</summary>
        [CommandOption("--bin <ID>")]
        [Description("The bin id.")]
        public string? Bin { get; init; }

        /// <summary>The output.</summary>
        [CommandOption("--out <FILE>")]
        [Description("Write the binary message here (default: print it as hex).")]
        public string? Out { get; init; }

        /// <summary>Size limit.</summary>
        [CommandOption("--max-bytes <N>")]
        [Description("Message size limit (default 340, one SBD mobile-originated message).")]
        [DefaultValue(SbdMessage.MaxMobileOriginatedBytes)]
        public int MaxBytes { get; init; } = SbdMessage.MaxMobileOriginatedBytes;

        /// <inheritdoc/>
        public override ValidationResult Validate()
            => string.IsNullOrWhiteSpace(Bin) ? ValidationResult.Error("--bin is required") : ValidationResult.Success();
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var payload = RunFolderReader.Read(settings.Run).FirstOrDefault(p => p.Bin == settings.Bin)
            ?? throw new UsageException($"{settings.Run}: no bin {settings.Bin} in the run's summary");
        var message = new SbdMessage
        {
            Bin = payload.Bin,
            MlAnalyzed = payload.MlAnalyzed ?? double.NaN,
            RoiCount = payload.RoiCount,
            ModelHash = SbdMessage.ShortHash(payload.Model.Sha256),
            AboveThreshold = [.. payload.Classes.Select(c => c.AboveThresholdCount)],
            Winners = [.. payload.Classes.Select(c => c.WinnerCount)],
        };
        SbdEncoding encoding;
        try
        {
            encoding = SbdMessage.Encode(message, settings.MaxBytes);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"{settings.Bin}: {ex.Message}");
        }

        if (encoding.WinnersDropped)
        {
            errors.Writer.WriteLine($"ifcb telemetry: {settings.Bin}: winner counts left out to fit {settings.MaxBytes} bytes");
        }

        if (encoding.DroppedClasses.Count > 0)
        {
            errors.Writer.WriteLine($"ifcb telemetry: {settings.Bin}: {encoding.DroppedClasses.Count} classes left out to fit: {string.Join(", ", encoding.DroppedClasses.Select(i => payload.Classes[i].Name))}");
        }

        if (settings.Out is null)
        {
            console.WriteLine(Convert.ToHexStringLower(encoding.Bytes));
        }
        else
        {
            AtomicFile.WriteAllBytes(settings.Out, encoding.Bytes);
            console.WriteLine($"{settings.Out}: {encoding.Bytes.Length} bytes");
        }

        return ExitCodes.Success;
    }
}
