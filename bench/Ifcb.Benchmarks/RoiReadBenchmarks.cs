using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Ifcb.Data;
using Ifcb.Data.Ids;
using Ifcb.Data.Roi;
using Ifcb.Data.Writing;

namespace Ifcb.Benchmarks;

/// <summary>
/// Raw ROI reads from a 50k-ROI v2 bin (random 30-200 px sides, written by <see cref="BinWriter"/>), one thread,
/// from the page cache, into one reused buffer. Target: ≥ 500k ROIs/s and 0 bytes allocated per ROI.
/// ROIs/s = 1 / (reported mean per operation): each operation is one ROI.
/// </summary>
[MemoryDiagnoser]
public class RoiReadBenchmarks
{
    /// <summary>The number of ROIs in the generated bin.</summary>
    public const int RoiCount = 50_000;

    private DirectoryInfo? _dir;
    private Bin? _bin;
    private RoiFile? _mapped;
    private RoiImage[] _images = [];
    private byte[] _buffer = [];

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("ifcb-bench-roi-");
        var random = new Random(20130526);
        var id = BinId.Parse("D20200101T000000_IFCB999");
        var targets = new List<TargetRecord>(RoiCount);
        var inv = CultureInfo.InvariantCulture;
        for (var i = 1; i <= RoiCount; i++)
        {
            int w = random.Next(30, 201), h = random.Next(30, 201);
            var pixels = new byte[w * h];
            random.NextBytes(pixels);
            var t = i * 0.02;
            var line = string.Create(inv,
                $"{i},{t:0.000000},0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,12.5,{t:0.000000},{t + 0.01:0.000000},{random.Next(0, 1200)},{random.Next(0, 900)},{w},{h},0,0,0,0,0,{t + 0.02:0.000000},{i * 0.001:0.000000}");
            targets.Add(new TargetRecord(line, pixels));
        }

        BinWriter.Write(_dir.FullName, id, Encoding.ASCII.GetBytes("SoftwareVersion: 2.0.5.0\nrunTime: 1000\ninhibitTime: 50\n"), targets);
        _bin = Bin.Open(Path.Combine(_dir.FullName, id.Lid));
        _images = [.. _bin.Roi.Images];
        _mapped = RoiFile.Open(_bin.Files.RoiPath, _bin.Adc, RoiAccess.MemoryMapped);
        _buffer = new byte[200 * 200];
        // Warm the page cache so that the benchmark measures reads from memory.
        foreach (var image in _images)
        {
            _bin.Roi.ReadImage(image, _buffer);
            _mapped.ReadImage(image, _buffer);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bin?.Dispose();
        _mapped?.Dispose();
        _dir?.Delete(recursive: true);
    }

    /// <summary>Every ROI by its <see cref="RoiImage"/> (positioned read, no lookup).</summary>
    [Benchmark(OperationsPerInvoke = RoiCount)]
    public long ReadEveryRoiIntoReusedBuffer()
    {
        long sum = 0;
        var roi = _bin!.Roi;
        foreach (ref readonly var image in _images.AsSpan())
        {
            roi.ReadImage(image, _buffer);
            sum += _buffer[0];
        }

        return sum;
    }

    /// <summary>Every ROI through a memory-mapped view (<see cref="RoiAccess.MemoryMapped"/>).</summary>
    [Benchmark(OperationsPerInvoke = RoiCount)]
    public long ReadEveryRoiMemoryMapped()
    {
        long sum = 0;
        var roi = _mapped!;
        foreach (ref readonly var image in _images.AsSpan())
        {
            roi.ReadImage(image, _buffer);
            sum += _buffer[0];
        }

        return sum;
    }

    /// <summary>Every ROI by target number (<c>ReadImage(int, Span)</c>: lookup plus read).</summary>
    [Benchmark(OperationsPerInvoke = RoiCount)]
    public long ReadEveryRoiByTarget()
    {
        long sum = 0;
        var roi = _bin!.Roi;
        for (var t = 1; t <= RoiCount; t++)
        {
            sum += roi.ReadImage(t, _buffer);
        }

        return sum;
    }
}
