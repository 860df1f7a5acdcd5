namespace Ifcb.Server.Hosting;

/// <summary>How <c>ifcb serve</c> runs the hub.</summary>
public sealed class HubOptions
{
    /// <summary>Folder of the embedded SQLite database (<c>hub.db</c>), used when <see cref="Db"/> is not given.</summary>
    public string? DataDir { get; init; }

    /// <summary>A PostgreSQL connection string (or a SQLite file) instead of the default database.</summary>
    public string? Db { get; init; }

    /// <summary>Kestrel URLs, for example <c>http://127.0.0.1:8080</c>.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:8080";

    /// <summary>Raw bin folders the server may read ROI images and bin files from.</summary>
    public IReadOnlyList<string> RawDirs { get; init; } = [];

    /// <summary>Largest push body; bigger ones get 413 before they are read.</summary>
    public long MaxPushBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>When true, every read (API and pages) needs a valid token too.</summary>
    public bool ReadsNeedToken { get; init; }

    /// <summary>Satellite modems: the dataset each IMEI's messages belong to (<c>--imei IMEI=DATASET</c>).</summary>
    public IReadOnlyDictionary<string, string> ImeiDatasets { get; init; } = new Dictionary<string, string>();
}
