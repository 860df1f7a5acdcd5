using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Ifcb.Data.Png;
using Ifcb.Datasets;
using Ifcb.Imaging;
using Ifcb.Training.Loop;
using Ifcb.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Ifcb.Benchmarks;

/// <summary>
/// Training images/s through the real pipeline (PNG decode, augment, preprocess in the parallel loader, forward +
/// cross-entropy + backward + Adam step) at batch 32, in the default memory layout and channels-last. The loader
/// streams batches across epochs and prefetches as it does in the trainer, so a measured step overlaps the loading of
/// the next batches (an earlier version restarted the loader every step and charged it a whole epoch of decoding).
/// Compare with bench/python/train_step.py on the same PNGs in the same run; one operation = one image.
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

    // Measured iterations (one step of 32 images each): IFCB_TRAIN_BENCH_STEPS, default 2 (bench/train/run.sh sets it).
    private static readonly int MeasuredSteps = int.TryParse(Environment.GetEnvironmentVariable("IFCB_TRAIN_BENCH_STEPS"), out var n) && n > 0 ? n : 2;
    private const int BatchSize = 32;
    private string _root = "";
    private ClassifierModule? _model;
    private TorchSharp.Modules.OptimizerHelper? _optimizer;
    private LabelledImageReader? _reader;
    private BatchStream? _batches;

    [Params("resnet18", "mobilenet_v3_small")]
    public string Model { get; set; } = "resnet18";

    [Params(224)]
    public int InputSize { get; set; }

    /// <summary>The trainer's default (channels-last) or PyTorch's default layout (<c>--no-channels-last</c>).</summary>
    [Params(true, false)]
    public bool ChannelsLast { get; set; }

    /// <summary>bfloat16 weights and batches (<c>ifcb train --bf16</c>); measured only when IFCB_TRAIN_BENCH_BF16=1
    /// (it needs AVX512-BF16 or AMX to pay off, and is slow where the CPU emulates it).</summary>
    [ParamsSource(nameof(Precisions))]
    public bool Bf16 { get; set; }

    /// <summary>float32 always; bfloat16 too when IFCB_TRAIN_BENCH_BF16=1.</summary>
    public static IEnumerable<bool> Precisions => Environment.GetEnvironmentVariable("IFCB_TRAIN_BENCH_BF16") == "1" ? [false, true] : [false];

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("ifcb-train-bench-").FullName;
        WriteImages(_root, classes: 4, perClass: 32, seed: 1);
        var dataset = DatasetBuilder.Build([_root], new DatasetOptions());
        _reader = new LabelledImageReader();
        var loader = new BatchLoader(dataset.Images, _reader, dataset.ClassIndex, new PreprocessOptions { InputSize = InputSize }, BatchSize, workers: 0);
        _batches = new BatchStream(loader, AugmentOptions.None.WithFlip("xy"));
        _model = ModelRegistry.Create(Model, dataset.ClassLabels.Count);
        if (Bf16)
        {
            _model.to(ScalarType.BFloat16);
        }

        _model.train();
        _optimizer = optim.Adam(_model.parameters(), 1e-3);
    }

    /// <summary>Frees the model, optimiser and image reader and deletes the images.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        _batches?.Dispose();
        _optimizer?.Dispose();
        _model?.Dispose();
        _reader?.Dispose();
        (_batches, _optimizer, _model, _reader) = (null, null, null, null);
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, true);
        }

        GC.SuppressFinalize(this);
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public void TrainStep()
    {
        var batch = _batches!.Next();
        try
        {
            using var scope = NewDisposeScope();
            var x = batch.ToInput(3, Bf16 ? ScalarType.BFloat16 : ScalarType.Float32, ChannelsLast);
            var y = batch.LabelTensor();
            // The trainer's own step (Ifcb.Training.Loop.TrainingStep), so the benchmark measures what trains.
            TrainingStep.Run(_model!, _optimizer!, x, y);
        }
        finally
        {
            _batches.Return(batch);
        }
    }

    /// <summary>Batches of epoch 1, 2, ... without end, as the trainer's loop receives them.</summary>
    private sealed class BatchStream(BatchLoader loader, AugmentOptions augment) : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private ChannelReader<Batch>? _reader;
        private int _epoch;

        public Batch Next()
        {
            while (true)
            {
                _reader ??= loader.Start(1, ++_epoch, shuffle: true, augment, _stop.Token);
                if (_reader.TryRead(out var batch))
                {
                    return batch;
                }

                if (!_reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                {
                    _reader = null; // epoch done
                }
            }
        }

        public void Return(Batch batch) => loader.Return(batch);

        public void Dispose()
        {
            _stop.Cancel();
            try
            {
                while (_reader is not null && _reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                {
                    while (_reader.TryRead(out var rest))
                    {
                        loader.Return(rest);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The producer stops at the cancellation.
            }

            _stop.Dispose();
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
