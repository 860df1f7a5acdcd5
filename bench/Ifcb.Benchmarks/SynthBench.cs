using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Ifcb.Synthetic;

namespace Ifcb.Benchmarks;

/// <summary>
/// Synthetic data speed: writing a whole archive (10 bins x 2000 ROIs, painted on 2 threads, written
/// with atomic file writes) and painting alone. Times are per ROI; ROIs/s = 1e9 / Mean(ns).
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class SynthBench
{
    private const int Bins = 10;
    private const int RoisPerBin = 2000;
    private string _root = string.Empty;

    [GlobalSetup]
    public void Setup() => _root = Directory.CreateTempSubdirectory("ifcb-synth-bench-").FullName;

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    /// <summary>The whole archive writer: paint, ADC and header text, .roi/.adc/.hdr and ground truth.</summary>
    [Benchmark(OperationsPerInvoke = Bins * RoisPerBin)]
    public int WriteArchive()
    {
        var result = SyntheticArchiveWriter.Write(_root, new SyntheticArchiveOptions
        {
            Bins = Bins,
            RoisPerBin = RoisPerBin,
            Seed = 1,
            MaxDegreeOfParallelism = 2,
        });
        return result.Rois;
    }

    /// <summary>
    /// One iteration writes 20,000 ROIs (seconds), so few iterations suffice. In-process, because on a busy
    /// 2-core machine the per-job rebuild of the out-of-process toolchain can exceed its 2-minute timeout.
    /// </summary>
    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5).WithToolchain(InProcessEmitToolchain.Instance));
    }

    /// <summary>Painting alone, one thread, classes in turn.</summary>
    [Benchmark(OperationsPerInvoke = 2600)]
    public long PaintOnly()
    {
        long pixels = 0;
        for (var i = 0; i < 2600; i++)
        {
            pixels += PlanktonPainter.Paint(i % SyntheticClasses.Count, (ulong)i).Pixels.Length;
        }

        return pixels;
    }
}
