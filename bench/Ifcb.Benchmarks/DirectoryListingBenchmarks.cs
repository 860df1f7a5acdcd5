using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Ifcb.Data;
using Ifcb.Data.Directories;

namespace Ifcb.Benchmarks;

/// <summary>
/// Listing 10k small v2 bins laid out as <c>D{yyyy}/D{yyyyMMdd}/</c>: discovery alone, and discovery plus
/// what <c>ifcb bins list</c> computes per bin (header, ADC, image set, ml_analyzed, problems).
/// </summary>
[MemoryDiagnoser]
public class DirectoryListingBenchmarks
{
    /// <summary>The number of bins generated.</summary>
    public const int BinCount = 10_000;

    private DirectoryInfo? _dir;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("ifcb-bench-dir-");
        var inv = CultureInfo.InvariantCulture;
        var start = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var header = Encoding.ASCII.GetBytes(
            "SoftwareVersion: 2.0.5.0\nsampleType: Normal\ntriggerCount: 12\nroiCount: 10\nhumidity: 53.4\ntemperature: 26.1\nrunTime: 1186.8\ninhibitTime: 3.24\nPMTAhighVoltage: 0.65\nlaserState: True\n");
        var pixels = new byte[10 * 20 * 20];
        new Random(1).NextBytes(pixels);
        for (var b = 0; b < BinCount; b++)
        {
            // Twenty-four bins a day, written directly (the setup is not what is measured).
            var time = start.AddMinutes(b * 60);
            var lid = string.Create(inv, $"D{time:yyyyMMdd'T'HHmmss}_IFCB134");
            var dir = Path.Combine(_dir.FullName, time.ToString("'D'yyyy", inv), time.ToString("'D'yyyyMMdd", inv));
            Directory.CreateDirectory(dir);
            var adc = new StringBuilder();
            for (var i = 1; i <= 12; i++)
            {
                var hasImage = i <= 10;
                var t = i * 10.5;
                adc.Append(inv, $"{i},{t},0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,12.5,{t},{t + 0.04},{i * 10},{i * 20},{(hasImage ? 20 : 0)},{(hasImage ? 20 : 0)},{(hasImage ? (i - 1) * 400 : 0)},0,0,0,0,{t + 0.02},{i * 0.07}\n");
            }

            var basePath = Path.Combine(dir, lid);
            File.WriteAllBytes(basePath + ".hdr", header);
            File.WriteAllText(basePath + ".adc", adc.ToString());
            File.WriteAllBytes(basePath + ".roi", pixels);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _dir?.Delete(recursive: true);

    /// <summary>Finds and pairs the 30k files.</summary>
    [Benchmark]
    public int Discover() => BinDirectory.Discover(_dir!.FullName).Bins.Count;

    /// <summary>Discovery plus the per-bin summary <c>bins list</c> prints.</summary>
    [Benchmark]
    public double DiscoverAndSummarise()
    {
        var total = 0.0;
        foreach (var found in BinDirectory.Discover(_dir!.FullName).Bins)
        {
            using var bin = Bin.Open(found.Files);
            total += bin.MlAnalyzed + bin.ImageCount + bin.TriggerCount + bin.Problems.Count;
        }

        return total;
    }
}
