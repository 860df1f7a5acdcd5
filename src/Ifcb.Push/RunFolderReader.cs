using System.Globalization;
using System.Text.Json;
using Ifcb.Data;
using Microsoft.Data.Sqlite;

namespace Ifcb.Push;

/// <summary>
/// Reads the payloads of a finished classify run folder: the model from <c>ifcb-run.json</c> and the counts from every
/// <c>summary*.sqlite</c> (shards included). Reads the files directly so that pushing needs no ML library.
/// </summary>
public static class RunFolderReader
{
    /// <summary>The model id and ONNX sha256 of a run folder.</summary>
    public static (string ModelId, string Sha256) ReadModel(string runFolder)
    {
        var path = Path.Combine(runFolder, "ifcb-run.json");
        if (!File.Exists(path))
        {
            throw new IfcbDataException(path, "no ifcb-run.json (is this an `ifcb classify` output folder?)");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return (document.RootElement.GetProperty("model_id").GetString()!, document.RootElement.GetProperty("model_sha256").GetString()!);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new IfcbDataException(path, $"not a valid run manifest: {ex.Message}", inner: ex);
        }
    }

    /// <summary>Every bin of the run as a payload, by time then id.</summary>
    public static IReadOnlyList<PushPayload> Read(string runFolder)
    {
        var (modelId, sha) = ReadModel(runFolder);
        var files = Directory.GetFiles(runFolder, "summary*.sqlite").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new IfcbDataException(runFolder, "no summary.sqlite (the run has not finished a pass yet)");
        }

        var payloads = new Dictionary<string, PushPayload>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            try
            {
                foreach (var payload in ReadOne(file, modelId, sha))
                {
                    payloads.TryAdd(payload.Bin, payload);
                }
            }
            catch (SqliteException ex)
            {
                throw new IfcbDataException(file, $"not a summary database: {ex.Message}", inner: ex);
            }
        }

        return payloads.Values.OrderBy(p => p.SampleTime, StringComparer.Ordinal).ThenBy(p => p.Bin, StringComparer.Ordinal).ToList();
    }

    private static List<PushPayload> ReadOne(string file, string modelId, string sha)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var labels = new List<string>();
        var thresholds = new List<float?>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT class, threshold FROM classes ORDER BY class_index";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                labels.Add(reader.GetString(0));
                thresholds.Add(reader.IsDBNull(1) ? null : (float)reader.GetDouble(1));
            }
        }

        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var bins = new List<(string Bin, DateTimeOffset Time, string Instrument, int Rois, double Ml)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT bin, timestamp, instrument, roi_count, ml_analyzed FROM bins";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                bins.Add((reader.GetString(0), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), reader.GetString(2), reader.GetInt32(3), reader.IsDBNull(4) ? double.NaN : reader.GetDouble(4)));
            }
        }

        var winners = bins.ToDictionary(b => b.Bin, _ => new int[labels.Count], StringComparer.Ordinal);
        var above = bins.ToDictionary(b => b.Bin, _ => new int[labels.Count], StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT bin, class, winner_count, above_threshold_count FROM counts";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var c = index[reader.GetString(1)];
                winners[reader.GetString(0)][c] = reader.GetInt32(2);
                above[reader.GetString(0)][c] = reader.GetInt32(3);
            }
        }

        var all = thresholds.All(t => t.HasValue) ? thresholds.Select(t => t!.Value).ToList() : null;
        return bins.Select(b => PayloadBuilder.Build(b.Bin, b.Time, b.Instrument, b.Ml, b.Rois, labels, all, winners[b.Bin], above[b.Bin], modelId, sha)).ToList();
    }
}
