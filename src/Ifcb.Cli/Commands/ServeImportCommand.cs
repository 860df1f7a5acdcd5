using System.Security.Cryptography;
using System.Text;
using Ifcb.Data;
using Ifcb.Formats.ClassScores;
using Ifcb.Inference.Summary;
using Ifcb.Server.Alerts;
using Ifcb.Server.Data;
using Ifcb.Server.Ingest;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>
/// <c>ifcb serve import</c>: stores a classify run straight into a hub's database (no server needed), through the
/// same ingest service as the push API: idempotent, one transaction per bin. The demo uses it; instruments and
/// clusters push over HTTP instead.
/// </summary>
public sealed class ServeImportCommand(IAnsiConsole console, ErrorWriter errors) : Command<ServeImportSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, ServeImportSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        SummaryTable table;
        try
        {
            table = SummaryStore.ReadRun(settings.Run);
        }
        catch (IfcbDataException ex)
        {
            throw new UsageException(ex.Message);
        }

        var scoreFiles = Directory.EnumerateFiles(settings.Run, "*_class.h5", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetFileName(f)[..^"_class.h5".Length], StringComparer.Ordinal);
        var database = HubDatabase.Resolve(settings.Data, settings.Db);
        database.MigrateAsync(cancellationToken).GetAwaiter().GetResult();
        using var signal = new WebhookSignal();
        using var ingest = new IngestService(database, signal, NullLogger<IngestService>.Instance);
        int created = 0, existing = 0, failed = 0;
        foreach (var row in table.Rows)
        {
            try
            {
                var push = ToPush(row, table.Labels, scoreFiles.GetValueOrDefault(row.Bin));
                var outcome = ingest.IngestAsync(settings.Dataset, push, tokenId: null, cancellationToken).GetAwaiter().GetResult();
                _ = outcome.Created ? created++ : existing++;
            }
            catch (Exception ex) when (ex is PushValidationException or IfcbDataException)
            {
                failed++;
                errors.Failure(row.Bin, ex is PushValidationException p ? $"{p.Field}: {p.Message}" : ex.Message);
            }
        }

        console.Profile.Out.Writer.WriteLine($"imported {created} bins into {database.Describe()} (dataset {settings.Dataset}); {existing} were already there, {failed} failed");
        return failed == 0 ? ExitCodes.Success : ExitCodes.SomeFailed;
    }

    private static BinPush ToPush(SummaryTable.Row row, IReadOnlyList<string> labels, string? h5)
    {
        ClassScoresV3? scores = h5 is null ? null : ClassScoresV3Reader.Read(h5);
        var modelId = scores is { ModelId.Length: > 0 } ? scores.ModelId : "unknown-model";
        var push = new BinPush
        {
            Bin = row.Bin,
            SampleTime = row.Timestamp,
            Instrument = row.Instrument,
            // A bin without a volume (NaN in the summary) is stored without concentrations.
            MlAnalyzed = double.IsFinite(row.MlAnalyzed) ? row.MlAnalyzed : null,
            RoiCount = row.RoiCount,
            // The run folder has no model file: the model id's hash stands for it.
            Model = new PushModel { Id = modelId, Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(modelId))) },
            Classes = [.. labels.Select((l, i) => new PushClass
            {
                Name = l,
                WinnerCount = row.Winners.GetValueOrDefault(l),
                AboveThresholdCount = row.AboveThreshold.GetValueOrDefault(l),
                Threshold = scores?.Thresholds is { } t && i < t.Length ? t[i] : null,
            })],
        };
        if (scores is not null && scores.ClassLabels.SequenceEqual(labels))
        {
            var bytes = new byte[scores.Scores.Length * 4];
            Buffer.BlockCopy(scores.Scores, 0, bytes, 0, bytes.Length);
            push.Scores = new PushScores { RoiNumbers = [.. scores.RoiNumbers.Select(r => (int)r)], Float32Base64 = Convert.ToBase64String(bytes) };
        }

        return push;
    }
}
