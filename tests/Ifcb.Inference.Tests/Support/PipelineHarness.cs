using Ifcb.Inference.Engine;
using Ifcb.Inference.Models;
using Ifcb.Inference.Outputs;
using Ifcb.Inference.Pipeline;
using Ifcb.Inference.Sources;

namespace Ifcb.Inference.Tests.Support;

/// <summary>Builds and runs a pipeline over a fake archive with real ONNX engines.</summary>
internal static class PipelineHarness
{
    public static readonly DateTimeOffset RunStart = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static (ClassifyResult Result, ClassifyPipeline Pipeline) Run(
        FakeArchive archive, string modelPath, string outDir, int batch = 8, int engines = 1, bool clobber = false,
        bool embeddings = false, IReadOnlyList<IScoresFormat>? formats = null, int workers = 2, IProgress<ClassifyProgress>? progress = null, CancellationToken ct = default)
    {
        var model = ModelLoader.Load(modelPath);
        var list = Enumerable.Range(0, engines).Select(_ => (IInferenceEngine)new OnnxEngine(model, DeviceSpec.Cpu, intraOpThreads: 1)).ToList();
        try
        {
            var options = new ClassifyOptions
            {
                OutputRoot = outDir,
                Formats = formats ?? [new CsvScoresFormat(), new ParquetScoresFormat()],
                ModelId = model.ModelId,
                Labels = model.Labels,
                Thresholds = model.Thresholds,
                RunTimestamp = RunStart,
                BatchSize = batch,
                PreprocessWorkers = workers,
                Clobber = clobber,
                Embeddings = embeddings,
                Progress = progress,
            };
            var pipeline = new ClassifyPipeline(options, archive, new NearestPreprocessor(model.InputSize), list);
            var bins = archive.Discover([], new BinFilter(), new List<BinFailure>());
            var result = pipeline.RunAsync(bins, ct).GetAwaiter().GetResult();
            return (result, pipeline);
        }
        finally
        {
            list.ForEach(e => e.Dispose());
        }
    }

    /// <summary>Every file under a folder, relative path -> bytes.</summary>
    public static SortedDictionary<string, byte[]> Files(string root)
        => new(Directory.GetFiles(root, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes), StringComparer.Ordinal);
}
