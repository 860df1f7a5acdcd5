using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Ifcb.Data;

namespace Ifcb.Inference.Runs;

/// <summary>
/// <c>ifcb-run.json</c> in the output root: the model and the run's start time. The start time is written into every
/// output's metadata; a resumed run (or another shard of the same run) reuses it, so its files are byte-identical
/// to those of an uninterrupted single run.
/// </summary>
public sealed record RunManifest(string ModelId, string ModelSha256, DateTimeOffset Started)
{
    /// <summary>The manifest's file name.</summary>
    public const string FileName = "ifcb-run.json";

    /// <summary>
    /// Returns the manifest of the run in <paramref name="root"/>, creating it (start = <paramref name="now"/>, to the
    /// second) when absent. Shards starting together race safely: the first to create the file wins, the others read it.
    /// A manifest for another model is an error unless <paramref name="clobber"/> replaces it.
    /// </summary>
    public static RunManifest OpenOrCreate(string root, string modelId, string modelPath, DateTimeOffset now, bool clobber)
    {
        Directory.CreateDirectory(root);
        var path = Path.Combine(root, FileName);
        var sha = Sha256(modelPath);
        var fresh = new RunManifest(modelId, sha, new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero));
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (File.Exists(path))
            {
                var existing = Read(path);
                if (existing.ModelSha256 == sha)
                {
                    return existing;
                }

                if (!clobber)
                {
                    throw new IfcbDataException(path, $"the output folder holds a run of another model ({existing.ModelId}); use another --out, or --clobber to redo every bin");
                }

                Ifcb.Data.IO.AtomicFile.WriteAllText(path, fresh.ToJson());
                return fresh;
            }

            var temp = path + $".{Environment.ProcessId}.{Guid.NewGuid():N}.partial";
            File.WriteAllText(temp, fresh.ToJson());
            try
            {
                // No overwrite: of two shards creating it at once, exactly one move succeeds.
                File.Move(temp, path, overwrite: false);
                return fresh;
            }
            catch (IOException)
            {
                File.Delete(temp);
            }
        }

        return Read(path);
    }

    /// <summary>Reads a manifest.</summary>
    public static RunManifest Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            return new RunManifest(
                root.GetProperty("model_id").GetString()!,
                root.GetProperty("model_sha256").GetString()!,
                DateTimeOffset.Parse(root.GetProperty("started").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw new IfcbDataException(path, $"not a valid run manifest: {ex.Message}", inner: ex);
        }
    }

    /// <summary>The start time as written into outputs: ISO 8601, UTC, seconds.</summary>
    public string StartedIso => Started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private string ToJson()
        => JsonSerializer.Serialize(new Dictionary<string, string> { ["model_id"] = ModelId, ["model_sha256"] = ModelSha256, ["started"] = StartedIso }, new JsonSerializerOptions { WriteIndented = true }) + "\n";

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
