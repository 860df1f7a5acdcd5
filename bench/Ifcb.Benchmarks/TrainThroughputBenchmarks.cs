using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Ifcb.Data.Png;
using Ifcb.Imaging;
using Ifcb.Training.Data;
using Ifcb.Training.Loop;
using Ifcb.Training.Models;
using static TorchSharp.torch;

namespace Ifcb.Benchmarks;

/// <summary>
/// Training images/s through the real pipeline (PNG decode, augment, preprocess in the parallel loader, channels-last,
/// forward + cross-entropy + backward + Adam step) at batch 32. Compare with bench/python/train_step.py on the same
/// PNGs in the same run; one operation = one image.
/// dotnet run -c Release --project bench/Ifcb.Benchmarks -- --filter '*TrainThroughput*'
/// </summary>
[Config(typeof(Settings))]
public class TrainThroughputBenchmarks : IDisposable
{
    /// <summary>In-process (no rebuilt copy of libtorch), one warm-up and <see cref="MeasuredSteps"/> measured steps.</summary>
    private sealed class Settings : ManualConfig
    {
        public Settings() => AddJob(Job.Default.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(2), logOutput: false)).WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(MeasuredSteps).WithInvocationCount(1).WithUnrollFactor(1));
    }

    private const int Steps = 1;

    // Measured iterations (one step of 32 images each): IFCB_TRAIN_BENCH_STEPS, default 2 (bench/train/run.sh sets it).
    private static readonly int MeasuredSteps = int.TryParse(Environment.GetEnvironmentVariable("IFCB_TRAIN_BENCH_STEPS"), out var n) && n > 0 ? n : 2;
    private const int BatchSize = 32;
    private string _root = "";
    private ClassifierModule? _model;
    private TorchSharp.Modules.OptimizerHelper? _optimizer;
    private LabelledImageReader? _reader;
    private BatchLoader? _loader;

    [Params("resnet18", "mobilenet_v3_small")]
    public string Model { get; set; } = "resnet18";

    [Params(224)]
    public int InputSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("ifcb-train-bench-").FullName;
        WriteImages(_root, classes: 4, perClass: 32, seed: 1);
        var dataset = DatasetBuilder.Build([_root], new DatasetOptions());
        _reader = new LabelledImageReader();
        _loader = new BatchLoader(dataset.Images, _reader, dataset.ClassIndex, new PreprocessOptions { InputSize = InputSize }, BatchSize, workers: 0);
        _model = ModelRegistry.Create(Model, dataset.ClassLabels.Count);
        _model.train();
        _optimizer = optim.Adam(_model.parameters(), 1e-3);
    }

    /// <summary>Frees the model, optimiser and image reader and deletes the images.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        _optimizer?.Dispose();
        _model?.Dispose();
        _reader?.Dispose();
        (_optimizer, _model, _reader) = (null, null, null);
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, true);
        }

        GC.SuppressFinalize(this);
    }

    [Benchmark(OperationsPerInvoke = Steps * BatchSize)]
    public void TrainSteps() => RunSteps(_model!, _optimizer!, _loader!, InputSize, Steps, epoch: 1);

    /// <summary>Runs <paramref name="steps"/> training steps as the trainer does them.</summary>
    public static void RunSteps(ClassifierModule model, TorchSharp.Modules.OptimizerHelper optimizer, BatchLoader loader, int inputSize, int steps, int epoch)
    {
        var augment = AugmentOptions.None.WithFlip("xy");
        var reader = loader.Start(1, epoch, shuffle: true, augment, CancellationToken.None);
        var done = 0;
        while (done < steps && reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (done < steps && reader.TryRead(out var batch))
            {
                using (var scope = NewDisposeScope())
                {
                    var x = tensor(batch.Data, [batch.Capacity, 3, inputSize, inputSize]).narrow(0, 0, batch.Count);
                    x = x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
                    var y = tensor(batch.Labels.AsSpan(0, batch.Count).ToArray());
                    optimizer.zero_grad();
                    var loss = nn.functional.cross_entropy(model.forward(x), y);
                    loss.backward();
                    optimizer.step();
                }

                loader.Return(batch);
                done++;
            }
        }

        // Drain what the loader prefetched so its producer finishes.
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var rest))
            {
                loader.Return(rest);
            }
        }
    }

    /// <summary>Writes IFCB-like gray ROIs (varied sizes, a dark blob on a bright background) into class folders.</summary>
    public static void WriteImages(string root, int classes, int perClass, int seed)
    {
        var random = new Random(seed);
        for (var c = 0; c < classes; c++)
        {
            var dir = Directory.CreateDirectory(Path.Combine(root, $"class{c}")).FullName;
            for (var i = 0; i < perClass; i++)
            {
                var w = random.Next(60, 160);
                var h = random.Next(40, 120);
                var pixels = new byte[w * h];
                for (var p = 0; p < pixels.Length; p++)
                {
                    var x = p % w - (w / 2);
                    var y = p / w - (h / 2);
                    pixels[p] = (byte)((x * x) + (y * y * (c + 1)) < w * h / 8 ? 70 + random.Next(30) : 200 + random.Next(20));
                }

                File.WriteAllBytes(Path.Combine(dir, $"D20240101T000000_IFCB1_{(c * perClass) + i:D5}.png"), GrayPng.Encode(pixels, w, h));
            }
        }
    }
}
