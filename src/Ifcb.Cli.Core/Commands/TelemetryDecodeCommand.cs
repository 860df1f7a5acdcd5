using System.ComponentModel;
using System.Text.Json;
using Ifcb.Telemetry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary><c>ifcb telemetry decode FILE</c>: prints a message (binary, or hex text) as JSON; a corrupt one is an error.</summary>
public sealed class TelemetryDecodeCommand(IAnsiConsole console) : Command<TelemetryDecodeCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The message file.</summary>
        [CommandArgument(0, "<FILE>")]
        [Description("A message file: the binary message, or its hex (as a satellite webhook's data field carries it).")]
        public string File { get; init; } = string.Empty;
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!System.IO.File.Exists(settings.File))
        {
            throw new UsageException($"{settings.File}: no such file");
        }

        var bytes = System.IO.File.ReadAllBytes(settings.File);
        var text = System.Text.Encoding.ASCII.GetString(bytes).Trim();
        if (text.Length > 0 && text.Length % 2 == 0 && text.All(char.IsAsciiHexDigit))
        {
            bytes = Convert.FromHexString(text);
        }

        SbdMessage message;
        try
        {
            message = SbdMessage.Decode(bytes);
        }
        catch (TelemetryFormatException ex)
        {
            throw new Ifcb.Data.IfcbDataException(settings.File, ex.Message, inner: ex);
        }

        var json = new
        {
            bin = message.Bin,
            sampleTime = message.SampleTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            mlAnalyzed = double.IsNaN(message.MlAnalyzed) ? (double?)null : message.MlAnalyzed,
            roiCount = message.RoiCount,
            modelHash = message.ModelHash,
            classCount = message.AboveThreshold.Count,
            aboveThreshold = Sparse(message.AboveThreshold),
            winners = message.Winners is null ? null : Sparse(message.Winners),
            droppedClasses = message.DroppedClasses,
            droppedCount = message.DroppedCount,
            bytes = bytes.Length,
        };
        console.WriteLine(JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
        return ExitCodes.Success;
    }

    private static Dictionary<string, int> Sparse(IReadOnlyList<int> counts)
        => Enumerable.Range(0, counts.Count).Where(i => counts[i] > 0).ToDictionary(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture), i => counts[i]);
}
