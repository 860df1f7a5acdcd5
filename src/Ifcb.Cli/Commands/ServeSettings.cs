using System.ComponentModel;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>Options of <c>ifcb serve</c> (shared by <c>ifcb serve token create</c>).</summary>
public class ServeSettings : CommandSettings
{
    /// <summary>The hub's folder: database (SQLite), score files, keys.</summary>
    [CommandOption("--data <DIR>")]
    [Description("The hub's folder (default ./hub-data): the embedded SQLite database hub.db, the per-ROI score files and the session keys. With --db it still holds the score files and keys.")]
    public string? Data { get; init; }

    /// <summary>Database connection.</summary>
    [CommandOption("--db <CONNECTION>")]
    [Description("A PostgreSQL connection string (Host=...;Database=...;Username=... or postgresql://user@host/db), or a SQLite file.")]
    public string? Db { get; init; }

    /// <summary>Listen URLs.</summary>
    [CommandOption("--urls <URL>")]
    [Description("Where to listen; default http://127.0.0.1:8080 (use http://0.0.0.0:8080 to serve other machines).")]
    public string? Urls { get; init; }

    /// <summary>Raw bin folders.</summary>
    [CommandOption("--raw <DIR>")]
    [Description("A raw bin folder the hub may serve ROI images and bin files from (repeatable).")]
    public string[] Raw { get; init; } = [];

    /// <summary>Reads need a token.</summary>
    [CommandOption("--private")]
    [Description("Reads (API and pages) need a token too; by default reading is public and only writes need one.")]
    public bool Private { get; init; }

    /// <summary>Satellite modems and their datasets.</summary>
    [CommandOption("--imei <IMEI=DATASET>")]
    [Description("A satellite modem whose messages (POST /api/v1/telemetry/rockblock) belong to DATASET (repeatable).")]
    public string[] Imei { get; init; } = [];

    /// <summary>The parsed --imei pairs.</summary>
    public Dictionary<string, string> ImeiDatasets()
        => Imei.Select(pair => pair.Split('=', 2, StringSplitOptions.TrimEntries))
            .Select(p => p.Length == 2 && p[0].Length > 0 && p[1].Length > 0 ? (p[0], p[1]) : throw new UsageException($"--imei: '{string.Join('=', p)}' is not IMEI=DATASET"))
            .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);
}
