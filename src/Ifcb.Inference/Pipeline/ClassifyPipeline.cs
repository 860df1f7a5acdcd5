using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using Ifcb.Data;
using Ifcb.Inference.Engine;
using Ifcb.Inference.Outputs;
using Ifcb.Inference.Preprocessing;
using Ifcb.Inference.Sources;
using Ifcb.Inference.Summary;

namespace Ifcb.Inference.Pipeline;

/// <summary>
/// The classify pipeline: read ROIs -> preprocess in parallel into pooled batch buffers -> engine(s), one dedicated
/// thread each, fed from one queue -> a writer that completes a bin when its last ROI is scored. Batches span bin
/// boundaries. Every stage hands over through a bounded channel, so memory stays bounded. A malformed bin becomes a
/// <see cref="BinFailure"/> and the run goes on; any other fault stops every stage and is rethrown.
/// </summary>
public sealed class ClassifyPipeline
{
    private readonly ClassifyOptions _options;
    private readonly IRoiSource _source;
    private readonly IRoiPreprocessor _preprocessor;
    private readonly IReadOnlyList<IInferenceEngine> _engines;
    private readonly int _batchSize;
    private readonly int _classCount;
    private readonly int _featureSize;

    /// <summary>Creates a pipeline; the engines must all run the same model.</summary>
    public ClassifyPipeline(ClassifyOptions options, IRoiSource source, IRoiPreprocessor preprocessor, IReadOnlyList<IInferenceEngine> engines)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(engines);
        if (engines.Count == 0)
        {
            throw new ArgumentException("at least one engine is needed", nameof(engines));
        }

        if (options.Formats.Count == 0)
        {
            throw new ArgumentException("at least one output format is needed", nameof(options));
        }

        _options = options;
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _preprocessor = preprocessor ?? throw new ArgumentNullException(nameof(preprocessor));
        _engines = engines;
        _classCount = engines[0].ClassCount;
        if (_classCount != options.Labels.Count)
        {
            throw new ArgumentException($"the model has {_classCount} classes but {options.Labels.Count} labels", nameof(options));
        }

        // Fixed-batch models get exactly their batch (the engine pads the last one); dynamic ones the asked size.
        _batchSize = engines[0].FixedBatchSize ?? Math.Max(1, options.BatchSize);
        _featureSize = options.Embeddings ? engines[0].FeatureSize : 0;
        if (options.PackedPixels is not null && engines.Any(e => e is not OnnxEngine { Settings.Prologue: not null }))
        {
            throw new ArgumentException("packed pixels need engines made with the preprocessing prologue", nameof(engines));
        }

        // With the preprocessing in the engines no float batch is made: one empty placeholder buffer.
        var length = options.PackedPixels is null ? _batchSize * preprocessor.ItemLength : 0;
        InputPool = options.PackedPixels is null
            ? new BatchBufferPool(InputBufferCount(engines.Count, options.PreprocessWorkers, (long)length * sizeof(float), options.InputBufferBudget), length)
            : new BatchBufferPool(1, 0);
    }

    /// <summary>
    /// How many batch input buffers to make: enough for every worker and two per engine, unless that exceeds
    /// <paramref name="budget"/>; never fewer than one running and one queued per engine plus one being filled.
    /// </summary>
    internal static int InputBufferCount(int engines, int workers, long bufferBytes, long budget)
    {
        var everyone = (2 * engines) + workers + 1;
        var least = (2 * engines) + 1;
        var affordable = budget / Math.Max(1, bufferBytes);
        return (int)Math.Max(least, Math.Min(everyone, affordable));
    }

    /// <summary>The effective batch size.</summary>
    public int BatchSize => _batchSize;

    /// <summary>Pool of raw ROI pixel buffers (exposed so that tests can check every buffer came back).</summary>
    public TrackingArrayPool<byte> PixelPool { get; } = new();

    /// <summary>Pool of engine output buffers.</summary>
    public TrackingArrayPool<float> OutputPool { get; } = new();

    /// <summary>Busy time per stage, added up while <see cref="RunAsync"/> runs.</summary>
    public StageProfile Profile { get; } = new();

    /// <summary>Pool of batch input tensors.</summary>
    internal BatchBufferPool InputPool { get; }

    /// <summary>Classifies <paramref name="bins"/> (already filtered and sharded) and returns what happened.</summary>
    public async Task<ClassifyResult> RunAsync(IReadOnlyList<BinEntry> bins, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bins);
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = _options.PreprocessWorkers;
        var pending = Channel.CreateBounded<Batch>(new BoundedChannelOptions(workers) { SingleWriter = true, SingleReader = workers == 1, FullMode = BoundedChannelFullMode.Wait });
        var ready = Channel.CreateBounded<Batch>(new BoundedChannelOptions(2 * _engines.Count) { SingleWriter = workers == 1, SingleReader = _engines.Count == 1, FullMode = BoundedChannelFullMode.Wait });
        var toWriter = Channel.CreateBounded<WriterMessage>(new BoundedChannelOptions(4 * _engines.Count) { SingleWriter = false, SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        var state = new WriterState(bins.Count, clock);

        // Each stage completes its output channel with its own fault, and a fault cancels every other stage, so
        // nothing waits forever on a channel whose other side has died.
        var reader = Guard(Task.Run(() => ReadAsync(bins, pending.Writer, toWriter.Writer, stop.Token), CancellationToken.None), pending.Writer, stop);
        var preprocessors = Guard(Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => PreprocessAsync(pending.Reader, ready.Writer, stop.Token), CancellationToken.None))), ready.Writer, stop);
        var engines = Guard(Task.WhenAll(_engines.Select(e => RunEngineThread(e, ready.Reader, toWriter.Writer, stop.Token))), toWriter.Writer, stop);
        var writer = Task.Run(() => WriteAsync(toWriter.Reader, state, stop.Token), CancellationToken.None);
        try
        {
            await Task.WhenAll(reader, preprocessors, engines, writer);
        }
        catch when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Report the first real fault, not the cancellations it caused in the other stages.
            var first = new[] { reader, preprocessors, engines, writer }.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions).FirstOrDefault(e => e is not OperationCanceledException);
            if (first is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
            }

            throw;
        }
        finally
        {
            // Whatever happened, hand back what the dead stages held so that the pools end balanced.
            Drain(pending.Reader);
            Drain(ready.Reader);
            while (toWriter.Reader.TryRead(out var message))
            {
                if (message is WriterMessage.Scored s)
                {
                    ReleaseOutputs(s.Batch);
                }
            }
        }

        var summaries = state.Summaries.OrderBy(s => s.Timestamp).ThenBy(s => s.Lid, StringComparer.Ordinal).ToList();
        var failures = state.Failures.OrderBy(f => f.Bin, StringComparer.Ordinal).ToList();
        return new ClassifyResult(summaries, failures, state.Classified, state.Skipped, state.RoisScored, clock.Elapsed) { Profile = Profile };
    }

    private static Task Guard<T>(Task task, ChannelWriter<T> output, CancellationTokenSource stop)
        => task.ContinueWith(
            t =>
            {
                output.TryComplete(t.Exception?.GetBaseException());
                if (t.IsFaulted || t.IsCanceled)
                {
                    stop.Cancel();
                }

                return t;
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default).Unwrap();

    private void Drain(ChannelReader<Batch> reader)
    {
        while (reader.TryRead(out var batch))
        {
            ReleaseInputs(batch);
        }
    }

    private void ReleaseInputs(Batch batch)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch.Pixels[i] is { } pixels)
            {
                PixelPool.Return(pixels);
                batch.Pixels[i] = null;
            }
        }

        if (batch.Input is { } input)
        {
            InputPool.Return(input);
            batch.Input = null;
        }

        if (batch.Packed is { } packed)
        {
            ArrayPool<byte>.Shared.Return(packed);
            batch.Packed = null;
        }

        if (batch.Geometry is { } geometry)
        {
            ArrayPool<double>.Shared.Return(geometry);
            batch.Geometry = null;
        }
    }

    private void ReleaseOutputs(Batch batch)
    {
        if (batch.Probabilities is { } p)
        {
            OutputPool.Return(p);
            batch.Probabilities = null;
        }

        if (batch.Features is { } f)
        {
            OutputPool.Return(f);
            batch.Features = null;
        }
    }

    private static bool IsBinFault(Exception ex)
        => ex is IfcbDataException or IOException or InvalidDataException or UnauthorizedAccessException;

    private static BinFailure ToFailure(BinEntry entry, Exception ex)
        => ex is IfcbDataException d ? new BinFailure(entry.Lid, d.FilePath, d.Message) : new BinFailure(entry.Lid, entry.Path, ex.Message);

    private async Task ReadAsync(IReadOnlyList<BinEntry> bins, ChannelWriter<Batch> pending, ChannelWriter<WriterMessage> toWriter, CancellationToken ct)
    {
        var batch = new Batch(_batchSize);
        var busy = Stopwatch.GetTimestamp();
        foreach (var entry in bins)
        {
            ct.ThrowIfCancellationRequested();
            IRoiBin? bin = null;
            BinJob job;
            BinSummary? done;
            try
            {
                // Opening parses the header and ADC; the volume and the existing-output check read more: a
                // malformed bin may fail at any of these steps, and each is a failure of this bin only.
                bin = _source.Open(entry);
                job = new BinJob(entry, [.. bin.Targets], bin.MlAnalyzed, _classCount, _featureSize);
                done = _options.Clobber ? null : ReadExisting(job);
            }
            catch (Exception ex) when (IsBinFault(ex))
            {
                bin?.Dispose();
                Profile.Add(PipelineStage.Read, busy);
                await toWriter.WriteAsync(new WriterMessage.Failed(ToFailure(entry, ex)), ct);
                busy = Stopwatch.GetTimestamp();
                continue;
            }

            using (bin)
            {
                var targets = job.Targets;
                if (done is not null)
                {
                    Profile.Add(PipelineStage.Read, busy);
                    await toWriter.WriteAsync(new WriterMessage.Skipped(done), ct);
                    busy = Stopwatch.GetTimestamp();
                    continue;
                }

                var emitted = 0;
                BinFailure? failure = null;
                for (var i = 0; i < targets.Length; i++)
                {
                    byte[]? pixels = null;
                    int width, height;
                    try
                    {
                        (width, height) = bin.GetSize(targets[i]);
                        pixels = PixelPool.Rent(Math.Max(1, width * height));
                        bin.ReadImage(targets[i], pixels);
                    }
                    catch (Exception ex) when (IsBinFault(ex))
                    {
                        if (pixels is not null)
                        {
                            PixelPool.Return(pixels);
                        }

                        failure = ToFailure(entry, ex);
                        break;
                    }

                    batch.Add(job, i, pixels, width, height);
                    emitted++;
                    if (batch.IsFull)
                    {
                        Profile.Add(PipelineStage.Read, busy);
                        await pending.WriteAsync(batch, ct);
                        busy = Stopwatch.GetTimestamp();
                        batch = new Batch(_batchSize);
                    }
                }

                Profile.Add(PipelineStage.Read, busy);
                await toWriter.WriteAsync(new WriterMessage.Sealed(job, emitted, failure), ct);
                busy = Stopwatch.GetTimestamp();
            }
        }

        Profile.Add(PipelineStage.Read, busy);
        if (batch.Count > 0)
        {
            await pending.WriteAsync(batch, ct);
        }
    }

    // A bin is done when every requested format reads back complete and matching; its summary comes from the first.
    private BinSummary? ReadExisting(BinJob job)
    {
        var expected = NewScores(job, []);
        float[]? first = null;
        foreach (var format in _options.Formats)
        {
            var scores = LegacyOutputs.ReadValid(format, _options.OutputRoot, job.Entry, expected);
            if (scores is null)
            {
                return null;
            }

            first ??= scores;
        }

        return Summarize(job, first!);
    }

    private async Task PreprocessAsync(ChannelReader<Batch> pending, ChannelWriter<Batch> ready, CancellationToken ct)
    {
        var length = _preprocessor.ItemLength;
        while (await pending.WaitToReadAsync(ct))
        {
            while (pending.TryRead(out var batch))
            {
                try
                {
                    if (_options.PackedPixels is { } packing)
                    {
                        var started = Stopwatch.GetTimestamp();
                        Pack(batch, packing);
                        Profile.Add(PipelineStage.Preprocess, started);
                        await ready.WriteAsync(batch, ct);
                        continue;
                    }

                    batch.Input = await InputPool.RentAsync(ct);
                    var busy = Stopwatch.GetTimestamp();
                    for (var i = 0; i < batch.Count; i++)
                    {
                        var pixels = batch.Pixels[i]!;
                        _preprocessor.Preprocess(pixels.AsSpan(0, batch.Widths[i] * batch.Heights[i]), batch.Widths[i], batch.Heights[i], batch.Input.AsSpan(i * length, length));
                        PixelPool.Return(pixels);
                        batch.Pixels[i] = null;
                    }

                    Profile.Add(PipelineStage.Preprocess, busy);
                    await ready.WriteAsync(batch, ct);
                }
                catch
                {
                    ReleaseInputs(batch);
                    throw;
                }
            }
        }
    }

    // The CPU's part when the engines preprocess: copy each ROI into the padded 8-bit batch and note its geometry.
    private void Pack(Batch batch, Ifcb.Imaging.PreprocessOptions options)
    {
        var rois = new (byte[] Pixels, int Width, int Height)[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            rois[i] = (batch.Pixels[i]!, batch.Widths[i], batch.Heights[i]);
        }

        var shape = PreprocessPrologue.PackedShape(rois);
        batch.PackedShape = shape;
        batch.Packed = ArrayPool<byte>.Shared.Rent(batch.Count * shape.Height * shape.Width);
        batch.Geometry = ArrayPool<double>.Shared.Rent(batch.Count * 7);
        PreprocessPrologue.Pack(rois, options, batch.Packed, batch.Geometry);
        for (var i = 0; i < batch.Count; i++)
        {
            PixelPool.Return(batch.Pixels[i]!);
            batch.Pixels[i] = null;
        }
    }

    // ONNX Runtime sessions are driven from one dedicated thread each: no thread-pool starvation from a blocking
    // Run() call that takes tens of milliseconds, and a session never sees two callers at once.
    private Task RunEngineThread(IInferenceEngine engine, ChannelReader<Batch> ready, ChannelWriter<WriterMessage> toWriter, CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                while (ready.WaitToReadAsync(ct).AsTask().GetAwaiter().GetResult())
                {
                    while (ready.TryRead(out var batch))
                    {
                        try
                        {
                            batch.Probabilities = OutputPool.Rent(batch.Count * _classCount);
                            batch.Features = _featureSize > 0 ? OutputPool.Rent(batch.Count * _featureSize) : null;
                            var busy = Stopwatch.GetTimestamp();
                            var session = (engine as ISessionTimed)?.SessionTicks ?? 0;
                            if (batch.Packed is { } packed)
                            {
                                ((OnnxEngine)engine).RunPixels(packed, batch.PackedShape.Height, batch.PackedShape.Width, batch.Geometry!, batch.Count, batch.Probabilities, batch.Features);
                            }
                            else
                            {
                                engine.Run(batch.Input!, batch.Count, batch.Probabilities, batch.Features);
                            }

                            var total = Stopwatch.GetTimestamp() - busy;
                            var compute = engine is ISessionTimed timed ? timed.SessionTicks - session : total;
                            Profile.AddTicks(PipelineStage.Compute, compute);
                            Profile.AddTicks(PipelineStage.Copy, total - compute);
                            ReleaseInputs(batch);
                            toWriter.WriteAsync(new WriterMessage.Scored(batch), ct).AsTask().GetAwaiter().GetResult();
                        }
                        catch
                        {
                            ReleaseInputs(batch);
                            ReleaseOutputs(batch);
                            throw;
                        }
                    }
                }

                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = $"ifcb-engine-{engine.Name}",
        };
        thread.Start();
        return done.Task;
    }

    private async Task WriteAsync(ChannelReader<WriterMessage> messages, WriterState state, CancellationToken ct)
    {
        await foreach (var message in messages.ReadAllAsync(ct))
        {
            var busy = Stopwatch.GetTimestamp();
            try
            {
                Handle(message, state);
            }
            finally
            {
                Profile.Add(PipelineStage.Write, busy);
            }
        }
    }

    private void Handle(WriterMessage message, WriterState state)
    {
        switch (message)
        {
            case WriterMessage.Scored(var batch):
                try
                {
                    for (var i = 0; i < batch.Count; i++)
                    {
                        var job = batch.Jobs[i];
                        var index = batch.Indices[i];
                        batch.Probabilities.AsSpan(i * _classCount, _classCount).CopyTo(job.Scores.AsSpan(index * _classCount));
                        if (job.Features is { } features)
                        {
                            batch.Features.AsSpan(i * _featureSize, _featureSize).CopyTo(features.AsSpan(index * _featureSize));
                        }

                        job.Scored++;
                        state.RoisScored++;
                        if (job.IsDone)
                        {
                            Complete(job, state);
                        }
                    }
                }
                finally
                {
                    ReleaseOutputs(batch);
                }

                break;
            case WriterMessage.Sealed(var job, var emitted, var failure):
                job.Emitted = emitted;
                job.Failure = failure;
                if (job.IsDone)
                {
                    Complete(job, state);
                }

                break;
            case WriterMessage.Skipped(var summary):
                state.Summaries.Add(summary);
                state.Skipped++;
                _options.BinCompleted?.Invoke(summary);
                Report(state);
                break;
            case WriterMessage.Failed(var failure):
                state.Failures.Add(failure);
                Report(state);
                break;
        }
    }

    private void Complete(BinJob job, WriterState state)
    {
        if (job.Failure is { } failure)
        {
            state.Failures.Add(failure);
            Report(state);
            return;
        }

        var scores = NewScores(job, job.Scores);
        try
        {
            foreach (var format in _options.Formats)
            {
                format.Write(format.PathFor(_options.OutputRoot, job.Entry), scores);
            }
        }
        catch (IOException ex)
        {
            state.Failures.Add(new BinFailure(job.Entry.Lid, _options.OutputRoot, $"cannot write outputs: {ex.Message}"));
            Report(state);
            return;
        }

        var completed = Summarize(job, job.Scores);
        state.Summaries.Add(completed);
        state.Classified++;
        _options.BinCompleted?.Invoke(completed);
        Report(state);
    }

    private BinScores NewScores(BinJob job, float[] scores) => new()
    {
        Lid = job.Entry.Lid,
        Labels = _options.Labels,
        RoiNumbers = job.Targets,
        Scores = scores,
        Features = job.Features,
        FeatureSize = _featureSize,
        ModelId = _options.ModelId,
        RunTimestamp = _options.RunTimestamp,
    };

    private BinSummary Summarize(BinJob job, float[] scores)
        => BinSummary.Compute(job.Entry.Lid, job.Entry.Timestamp, job.Entry.Instrument, job.MlAnalyzed, scores, _classCount, _options.Thresholds) with
        {
            Corrected = _options.Correction.Apply(job.Entry.Lid, job.Targets, scores, _classCount),
        };

    private void Report(WriterState state)
    {
        if (_options.Progress is not { } progress)
        {
            return;
        }

        var done = state.Summaries.Count + state.Failures.Count;
        var seconds = state.Clock.Elapsed.TotalSeconds;
        var rate = seconds > 0 ? state.RoisScored / seconds : 0;
        TimeSpan? eta = done > 0 && seconds > 0 ? TimeSpan.FromSeconds(seconds / done * (state.Total - done)) : null;
        progress.Report(new ClassifyProgress(done, state.Total, state.RoisScored, rate, eta));
    }

    /// <summary>The writer's own bookkeeping (touched by the writer task only).</summary>
    private sealed class WriterState(int total, Stopwatch clock)
    {
        public int Total { get; } = total;

        public Stopwatch Clock { get; } = clock;

        public List<BinSummary> Summaries { get; } = [];

        public List<BinFailure> Failures { get; } = [];

        public int Classified { get; set; }

        public int Skipped { get; set; }

        public long RoisScored { get; set; }
    }
}
