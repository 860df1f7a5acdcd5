using System.Text.Json;
using Ifcb.Data.IO;

namespace Ifcb.Edge;

/// <summary><c>status.json</c> in the output root: what a person or a monitoring script needs at a glance.</summary>
public sealed record WatchStatus
{
    /// <summary>The file name.</summary>
    public const string FileName = "status.json";

    /// <summary>When this was written (UTC, ISO 8601).</summary>
    public required string Updated { get; init; }

    /// <summary>The last bin classified (or found done).</summary>
    public string? LastBin { get; init; }

    /// <summary>When it was done.</summary>
    public string? LastBinAt { get; init; }

    /// <summary>Bins classified by this process.</summary>
    public int Classified { get; init; }

    /// <summary>Bins found already done (a restart).</summary>
    public int AlreadyDone { get; init; }

    /// <summary>Bins that failed to classify (see failures.csv).</summary>
    public int Failed { get; init; }

    /// <summary>Bins reported abandoned (see abandoned.csv).</summary>
    public int Abandoned { get; init; }

    /// <summary>Bins being written or settling.</summary>
    public int Waiting { get; init; }

    /// <summary>Bins queued in the outbox.</summary>
    public int Queue { get; init; }

    /// <summary>Bins delivered to the hub.</summary>
    public int Sent { get; init; }

    /// <summary>The last successful send.</summary>
    public string? LastSend { get; init; }

    /// <summary>The last send error of a queued bin.</summary>
    public string? LastSendError { get; init; }

    /// <summary>Telemetry messages not yet accepted by the modem command.</summary>
    public int TelemetryPending { get; init; }

    /// <summary>Free bytes on the output disk.</summary>
    public long DiskFreeBytes { get; init; }

    /// <summary>True when scores are no longer written because the disk is nearly full.</summary>
    public bool DiskLow { get; init; }

    /// <summary>Writes the status atomically.</summary>
    public void Write(string outputRoot)
        => AtomicFile.WriteAllText(Path.Combine(outputRoot, FileName), JsonSerializer.Serialize(this, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }) + "\n");
}
