using Ifcb.Data;
using Ifcb.Inference.Engine;
using Ifcb.Inference.Models;
using Ifcb.Inference.Outputs;
using Ifcb.Inference.Pipeline;
using Ifcb.Inference.Preprocessing;
using Ifcb.Inference.Sources;
using Ifcb.Inference.Summary;

namespace Ifcb.Inference.Runs;

/// <summary>
/// One <c>ifcb classify</c> run: load the model, discover and shard the bins, reuse or create the run manifest,
/// run the pipeline, then write the summary and <c>failures.csv</c> (both per shard when sharded).
/// </summary>
public sealed class ClassifyRun(
    IRoiSource source,
    Func<ModelDescription, IRoiPreprocessor> preprocessorFactory,
    Func<string, IScoresFormat?> formatFactory,
    TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Whether CPU engines spin-wait by default (ONNX Runtime's own default is to spin).</summary>
    public static bool DefaultCpuSpinning => true;

    /// <summary>Runs the request; reports progress; throws for usage-level problems (bad model, unknown format).</summary>
    public async Task<ClassifyRunResult> RunAsync(ClassifyRequest request, IProgress<ClassifyProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var formats = request.Formats.Select(name => formatFactory(name) ?? throw new ArgumentException($"unknown or unavailable output format '{name}'")).ToList();
        var model = ModelLoader.Load(request.ModelPath);
        var problems = new List<BinFailure>();
        var discovered = source.Discover(request.Inputs, request.Filter, problems);
        var bins = discovered.Where(b => request.Shard.Contains(b.Lid)).ToList();
        problems.RemoveAll(p => !request.Shard.Contains(p.Bin));
        var notes = new List<string>();
        var correction = CorrectionSetup.Resolve(request, model, notes);
        var manifest = RunManifest.OpenOrCreate(request.OutputRoot, model.ModelId, model.OnnxPath, _clock.GetUtcNow(), request.Clobber);

        var cpuEngines = Math.Max(1, request.Devices.Count(d => !d.IsGpu));
        var threads = Math.Max(1, Environment.ProcessorCount / cpuEngines);
        var engines = new List<IInferenceEngine>();
        try
        {
            foreach (var device in request.Devices)
            {
                engines.Add(new OnnxEngine(model, device, new EngineSettings
                {
                    IntraOpThreads = device.IsGpu ? 0 : threads,
                    Precision = request.Precision,
                    AllowSpinning = device.IsGpu ? null : request.AllowSpinning ?? DefaultCpuSpinning,
                    Prologue = request.PreprocessInSession ? model.Preprocessing : null,
                }));
            }

            var preprocessor = preprocessorFactory(model);
            if (preprocessor.ItemLength != model.InputChannels * model.InputSize * model.InputSize)
            {
                throw new InvalidOperationException($"the preprocessor writes {preprocessor.ItemLength} floats per ROI; the model takes {model.InputChannels}x{model.InputSize}x{model.InputSize}");
            }

            var options = new ClassifyOptions
            {
                OutputRoot = request.OutputRoot,
                Formats = formats,
                ModelId = model.ModelId,
                Labels = model.Labels,
                Thresholds = model.Thresholds,
                RunTimestamp = manifest.Started,
                BatchSize = request.BatchSize,
                PreprocessWorkers = request.PreprocessWorkers > 0 ? request.PreprocessWorkers : Math.Max(1, Environment.ProcessorCount),
                PackedPixels = request.PreprocessInSession ? model.Preprocessing : null,
                Clobber = request.Clobber,
                Embeddings = request.Embeddings,
                Progress = progress,
                Correction = correction,
                BinCompleted = request.BinCompleted is { } completed ? summary => completed(summary, model, manifest) : null,
            };
            var pipeline = new ClassifyPipeline(options, source, preprocessor, engines);
            var result = await pipeline.RunAsync(bins, cancellationToken);
            var failures = problems.Concat(result.Failures).ToList();
            var summaries = CorrectionSetup.Finish(request, model, correction, result.Summaries, notes);
            SummaryStore.Write(request.OutputRoot, request.Shard.FileSuffix, model.Labels, model.Thresholds, summaries);
            FailuresReport.Write(Path.Combine(request.OutputRoot, $"failures{request.Shard.FileSuffix}.csv"), failures);
            return new ClassifyRunResult(model, manifest, bins.Count, result with { Failures = failures, Summaries = summaries }, notes);
        }
        finally
        {
            foreach (var engine in engines)
            {
                engine.Dispose();
            }
        }
    }
}
