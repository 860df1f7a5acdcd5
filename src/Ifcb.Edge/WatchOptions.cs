namespace Ifcb.Edge;

/// <summary>What <c>ifcb watch</c> was asked to do.</summary>
public sealed record WatchOptions
{
    /// <summary>The instrument's data folder (watched recursively).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The model (run folder, our model.onnx, or WHOI .onnx + .classes).</summary>
    public required string ModelPath { get; init; }

    /// <summary>The output root: the same layout as <c>ifcb classify --out</c>, plus outbox, status and telemetry.</summary>
    public required string OutputRoot { get; init; }

    /// <summary>Score formats (h5, csv, parquet).</summary>
    public IReadOnlyList<string> Formats { get; init; } = ["h5"];

    /// <summary>How long all three files must stay unchanged before a bin counts as complete.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an incomplete bin may stay unchanged before it is reported abandoned and skipped.</summary>
    public TimeSpan AbandonAfter { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>The periodic full rescan (events can be dropped, network mounts send none).</summary>
    public TimeSpan Rescan { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Backlog order: newest bins first (what a bloom watcher wants) or oldest first.</summary>
    public bool NewestFirst { get; init; } = true;

    /// <summary>Bins classified per pass, so new bins are seen between chunks of a backlog.</summary>
    public int ChunkSize { get; init; } = 16;

    /// <summary>Hub to push to (null: no push).</summary>
    public Uri? Hub { get; init; }

    /// <summary>Hub token.</summary>
    public string? Token { get; init; }

    /// <summary>Hub dataset (null: the bin's instrument).</summary>
    public string? Dataset { get; init; }

    /// <summary>Telemetry target: a spool directory, or <c>exec:COMMAND</c> run with each message file (null: none).</summary>
    public string? Telemetry { get; init; }

    /// <summary>Below this free space on the output disk, scores are no longer written (counts still are).</summary>
    public long MinFreeBytes { get; init; } = 2L << 30;

    /// <summary>Devices, as <c>classify --device</c> takes them: cpu (default), cuda, tensorrt (GPU build only).</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>ROIs per batch.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Preprocessing workers (0: one per core).</summary>
    public int Workers { get; init; }

    /// <summary>Exit once nothing is left waiting (catch up a backlog, then stop).</summary>
    public bool Once { get; init; }
}
