using Ifcb.Data.IO;
using Ifcb.Inference.Engine;
using Ifcb.Inference.Models;
using Ifcb.Inference.Outputs;
using Ifcb.Inference.Pipeline;
using Ifcb.Inference.Preprocessing;
using Ifcb.Inference.Runs;
using Ifcb.Inference.Sources;
using Ifcb.Inference.Summary;
using Ifcb.Telemetry;

namespace Ifcb.Edge;

/// <summary>
/// <c>ifcb watch</c>: classifies an instrument's bins as they complete, with the classify pipeline and its outputs
/// (same files, same skip-if-done rule, same run manifest: a restart resumes and an uninterrupted run and an
/// interrupted one end byte-identical). Bins are found by file-system events plus a periodic rescan; each completed
/// bin is queued in the outbox and spooled as telemetry; <c>status.json</c> tells how it goes.
/// </summary>
public sealed class EdgeWatcher(WatchOptions options, Action<string> log, TimeProvider? clock = null) : IDisposable
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Lock _lock = new();
    private string? _lastBin;
    private DateTimeOffset? _lastBinAt;

    /// <summary>Watches until cancelled (or, with <see cref="WatchOptions.Once"/>, until nothing is left to wait for).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = Path.GetFullPath(options.OutputRoot);
        if (!Directory.Exists(options.DataDirectory))
        {
            throw new DirectoryNotFoundException($"{options.DataDirectory}: no such data folder");
        }

        var formats = options.Formats.Select(f => ScoresFormats.Create(f) ?? throw new ArgumentException($"unknown output format '{f}'")).ToList();
        var model = ModelLoader.Load(options.ModelPath);
        var manifest = RunManifest.OpenOrCreate(root, model.ModelId, model.OnnxPath, _clock.GetUtcNow(), clobber: false);
        if (StaleTempFiles.Clean(root) is > 0 and var stale)
        {
            log($"removed {stale} temp files left by an interrupted run");
        }

        var source = new BinRoiSource();
        var preprocessor = RoiPreprocessors.For(model);
        var devices = DeviceSpec.ParseList(options.Device);
        var threads = Math.Max(1, Environment.ProcessorCount / Math.Max(1, devices.Count(d => !d.IsGpu)));
        var engines = devices.Select(d => (IInferenceEngine)new OnnxEngine(model, d, d.IsGpu ? 0 : threads)).ToList();
        using var disposeEngines = new EngineList(engines);
        var push = options.Hub is null ? null : new PushSession(root, options.Hub, options.Token ?? string.Empty, options.Dataset);
        var spool = options.Telemetry is null ? null : new TelemetrySpool(options.Telemetry, root);
        var summaries = new Dictionary<string, BinSummary>(StringComparer.Ordinal);
        var failures = new Dictionary<string, BinFailure>(StringComparer.Ordinal);
        var abandoned = AbandonedReport.Read(root);
        var finished = new HashSet<string>(abandoned.Keys, StringComparer.Ordinal);
        int classified = 0, skipped = 0;

        void Completed(BinSummary summary)
        {
            push?.Enqueue(summary, model.Labels, model.Thresholds, model.ModelId, manifest.ModelSha256);
            if (spool is not null)
            {
                var message = new SbdMessage
                {
                    Bin = summary.Lid,
                    MlAnalyzed = summary.MlAnalyzed,
                    RoiCount = summary.RoiCount,
                    ModelHash = SbdMessage.ShortHash(manifest.ModelSha256),
                    AboveThreshold = summary.AboveThresholdCounts,
                    Winners = summary.WinnerCounts,
                };
                spool.Add(summary.Lid, SbdMessage.Encode(message).Bytes);
            }

            lock (_lock)
            {
                _lastBin = summary.Lid;
                _lastBinAt = _clock.GetUtcNow();
            }
        }

        ClassifyPipeline Pipeline(IReadOnlyList<IScoresFormat> f) => new(
            new ClassifyOptions
            {
                OutputRoot = root,
                Formats = f,
                ModelId = model.ModelId,
                Labels = model.Labels,
                Thresholds = model.Thresholds,
                RunTimestamp = manifest.Started,
                BatchSize = options.BatchSize,
                PreprocessWorkers = options.Workers > 0 ? options.Workers : Math.Max(1, Environment.ProcessorCount),
                BinCompleted = Completed,
            },
            source,
            preprocessor,
            engines);
        var full = Pipeline(formats);
        ClassifyPipeline? countsOnly = null;

        using var watcher = StartWatcher(options.DataDirectory);
        var detector = new LiveBinDetector(options.Settle, options.AbandonAfter, _clock);
        log($"watching {options.DataDirectory} with model {model.ModelId}; outputs in {root}");
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var scan = detector.Scan(options.DataDirectory, finished);
                var newlyAbandoned = scan.Where(b => b.State == LiveBinState.Abandoned).ToList();
                foreach (var bin in newlyAbandoned)
                {
                    abandoned[bin.Entry.Lid] = new BinFailure(bin.Entry.Lid, bin.Entry.Path, bin.Reason);
                    finished.Add(bin.Entry.Lid);
                    detector.Forget(bin.Entry.Path);
                    log($"abandoned {bin.Entry.Lid}: {bin.Reason}");
                }

                if (newlyAbandoned.Count > 0)
                {
                    AbandonedReport.Write(root, abandoned.Values);
                }

                var complete = scan.Where(b => b.State == LiveBinState.Complete).Select(b => b.Entry);
                var chunk = (options.NewestFirst
                        ? complete.OrderByDescending(b => b.Timestamp).ThenByDescending(b => b.Lid, StringComparer.Ordinal)
                        : complete.OrderBy(b => b.Timestamp).ThenBy(b => b.Lid, StringComparer.Ordinal))
                    .Take(Math.Max(1, options.ChunkSize)).ToList();
                var waiting = scan.Where(b => b.State == LiveBinState.Waiting).ToList();
                var free = FreeBytes(root);
                var diskLow = free < options.MinFreeBytes;
                if (chunk.Count > 0)
                {
                    if (diskLow)
                    {
                        log($"disk nearly full ({free / (1 << 20)} MiB free < {options.MinFreeBytes / (1 << 20)} MiB): counts only, no scores written");
                    }

                    var pipeline = diskLow ? countsOnly ??= Pipeline([new CountsOnlyFormat()]) : full;
                    var result = await pipeline.RunAsync(chunk, cancellationToken);
                    classified += result.BinsClassified;
                    skipped += result.BinsSkipped;
                    foreach (var s in result.Summaries)
                    {
                        summaries[s.Lid] = s;
                    }

                    foreach (var f in result.Failures)
                    {
                        failures[f.Bin] = f;
                        log($"failed {f.Bin}: {f.File}: {f.Reason}");
                    }

                    foreach (var bin in chunk)
                    {
                        finished.Add(bin.Lid);
                        detector.Forget(bin.Path);
                    }

                    SummaryStore.Write(root, string.Empty, model.Labels, model.Thresholds, [.. summaries.Values.OrderBy(s => s.Timestamp).ThenBy(s => s.Lid, StringComparer.Ordinal)]);
                    FailuresReport.Write(Path.Combine(root, "failures.csv"), failures.Values.OrderBy(f => f.Bin, StringComparer.Ordinal));
                    log($"{result.BinsClassified} classified, {result.BinsSkipped} already done, {result.Failures.Count} failed: {string.Join(' ', chunk.Select(b => b.Lid))}");
                }

                var telemetryError = spool?.Flush();
                if (telemetryError is not null)
                {
                    log($"telemetry: {telemetryError}");
                }

                WriteStatus(root, push, spool, classified, skipped, failures.Count, abandoned.Count, waiting.Count, free, diskLow);
                if (chunk.Count > 0)
                {
                    continue;
                }

                if (options.Once && waiting.Count == 0)
                {
                    break;
                }

                var now = _clock.GetUtcNow();
                var next = waiting.Select(b => b.ReadyAt - now).Where(d => d > TimeSpan.Zero).DefaultIfEmpty(options.Rescan).Min();
                if (waiting.Count > 0 && next > options.Settle)
                {
                    // A bin is being written: look again within a settle time even without an event. File-system
                    // events do get lost (the bench saw a finished bin's .hdr wait 30 s for the periodic rescan).
                    next = options.Settle;
                }

                var delay = TimeSpan.FromMilliseconds(Math.Clamp(next.TotalMilliseconds, 100, options.Rescan.TotalMilliseconds));
                await _wake.WaitAsync(delay, cancellationToken);
                while (_wake.CurrentCount > 0)
                {
                    await _wake.WaitAsync(0, cancellationToken);
                }
            }
        }
        finally
        {
            if (push is not null)
            {
                await using (push)
                {
                    var state = await push.FinishAsync(options.Once ? PushFinisher.Wait : TimeSpan.FromSeconds(2));
                    log($"push: {state.Sent} delivered, {state.Pending} queued, {state.Rejected} rejected");
                }
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _wake.Dispose();

    private FileSystemWatcher? StartWatcher(string folder)
    {
        try
        {
            var watcher = new FileSystemWatcher(folder)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.Size | NotifyFilters.LastWrite,
            };
            watcher.Created += (_, _) => _wake.Release();
            watcher.Changed += (_, _) => _wake.Release();
            watcher.Renamed += (_, _) => _wake.Release();
            // A dropped-event overflow is exactly what the periodic rescan is for; wake now anyway.
            watcher.Error += (_, _) => _wake.Release();
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException)
        {
            log($"no file-system events for {folder} ({ex.Message}); rescanning every {options.Rescan.TotalSeconds:F0} s");
            return null;
        }
    }

    private static long FreeBytes(string root)
    {
        try
        {
            return new DriveInfo(root).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return long.MaxValue;
        }
    }

    private void WriteStatus(string root, PushSession? push, TelemetrySpool? spool, int classified, int skipped, int failed, int abandoned, int waiting, long free, bool diskLow)
    {
        var outbox = push?.Outbox.State();
        string? lastBin;
        DateTimeOffset? lastAt;
        lock (_lock)
        {
            lastBin = _lastBin;
            lastAt = _lastBinAt;
        }

        new WatchStatus
        {
            Updated = Iso(_clock.GetUtcNow()),
            LastBin = lastBin,
            LastBinAt = lastAt is { } t ? Iso(t) : null,
            Classified = classified,
            AlreadyDone = skipped,
            Failed = failed,
            Abandoned = abandoned,
            Waiting = waiting,
            Queue = outbox?.Pending ?? 0,
            Sent = outbox?.Sent ?? 0,
            LastSend = outbox?.LastSent is { } s ? Iso(s) : null,
            LastSendError = outbox?.LastError,
            TelemetryPending = spool?.Pending ?? 0,
            DiskFreeBytes = free,
            DiskLow = diskLow,
        }.Write(root);
    }

    /// <summary>Disposes the engines when the watch ends.</summary>
    private sealed class EngineList(List<IInferenceEngine> engines) : IDisposable
    {
        public void Dispose() => engines.ForEach(e => e.Dispose());
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
}
