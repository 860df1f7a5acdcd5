using Ifcb.Data;
using Ifcb.Data.Directories;
using Ifcb.Data.Ids;
using Ifcb.Inference.Sources;

namespace Ifcb.Inference.Tests.Support;

/// <summary>
/// An in-memory archive of synthetic bins for pipeline tests: sizes and pixels are a pure function of (bin, target),
/// so every run sees the same images. Bins can be empty, unopenable, or fail at one target.
/// </summary>
internal sealed class FakeArchive : IRoiSource
{
    private readonly Dictionary<string, FakeBinSpec> _bins = new(StringComparer.Ordinal);

    public IReadOnlyCollection<FakeBinSpec> Bins => _bins.Values;

    public int OpenCount { get; private set; }

    /// <summary>A v2-style archive of <paramref name="binCount"/> bins with 0..maxRois ROIs each (a few gaps in the targets).</summary>
    public static FakeArchive Create(int binCount, int maxRois, int seed = 1)
    {
        var archive = new FakeArchive();
        var random = new Random(seed);
        var start = new DateTimeOffset(2023, 8, 10, 11, 30, 59, TimeSpan.Zero);
        for (var b = 0; b < binCount; b++)
        {
            var time = start.AddHours(7 * b);
            var lid = $"D{time:yyyyMMdd}T{time:HHmmss}_IFCB{134 + (b % 2):D3}";
            var n = b == 2 ? 0 : random.Next(1, maxRois + 1);
            // Targets are 1-based ADC lines; every fifth line is a trigger without an image.
            var targets = Enumerable.Range(1, n + (n / 4)).Where(t => t % 5 != 0).Take(n).ToArray();
            archive.Add(new FakeBinSpec(new BinEntry(lid, time, $"IFCB{134 + (b % 2)}", "mem:" + lid), targets, 0.5 + (b * 0.25)));
        }

        return archive;
    }

    public void Add(FakeBinSpec spec) => _bins[spec.Entry.Lid] = spec;

    public FakeBinSpec this[string lid] => _bins[lid];

    public IReadOnlyList<BinEntry> Discover(IReadOnlyList<string> inputs, BinFilter filter, ICollection<BinFailure> problems)
        => _bins.Values.Select(b => b.Entry).Where(b => filter.Matches(BinId.Parse(b.Lid))).OrderBy(b => b.Timestamp).ThenBy(b => b.Lid, StringComparer.Ordinal).ToList();

    public IRoiBin Open(BinEntry entry)
    {
        OpenCount++;
        var spec = _bins[entry.Lid];
        if (spec.FailOpen)
        {
            throw new IfcbDataException(entry.Lid + ".adc", "line 3 has 5 columns; expected at least 18", line: 3);
        }

        return new FakeBin(spec);
    }

    public static (int Width, int Height) SizeOf(string lid, int target)
    {
        var h = Hash(lid, target);
        return (5 + (int)(h % 37), 4 + (int)((h >> 8) % 29));
    }

    public static byte Pixel(string lid, int target, int i)
    {
        // A per-ROI brightness plus a little texture, so that ROIs land in different classes.
        var level = (int)(Hash(lid, target) >> 16) % 256;
        return (byte)Math.Clamp(level + (int)(Hash(lid, (target * 7919) + i) % 21) - 10, 0, 255);
    }

    private static uint Hash(string lid, int target)
    {
        var h = 2166136261u;
        foreach (var ch in lid)
        {
            h = (h ^ ch) * 16777619u;
        }

        h = (h ^ (uint)target) * 16777619u;
        h ^= h >> 13;
        h *= 0x5bd1e995u;
        return h ^ (h >> 15);
    }

    private sealed class FakeBin(FakeBinSpec spec) : IRoiBin
    {
        public BinEntry Entry => spec.Entry;

        public IReadOnlyList<int> Targets => spec.Targets;

        public double MlAnalyzed => spec.FailVolume ? throw new IfcbDataException(spec.Entry.Lid + ".adc", "line 2: inhibitTime is not a number", line: 2) : spec.MlAnalyzed;

        public (int Width, int Height) GetSize(int target) => SizeOf(spec.Entry.Lid, target);

        public int ReadImage(int target, Span<byte> destination)
        {
            if (target == spec.FailAtTarget)
            {
                throw new IfcbDataException(spec.Entry.Lid + ".roi", "start byte 99999 is past the end of the file (4096 bytes)", target: target);
            }

            var (w, h) = GetSize(target);
            for (var i = 0; i < w * h; i++)
            {
                destination[i] = Pixel(spec.Entry.Lid, target, i);
            }

            return w * h;
        }

        public void Dispose()
        {
        }
    }
}

/// <summary>One synthetic bin.</summary>
internal sealed record FakeBinSpec(BinEntry Entry, int[] Targets, double MlAnalyzed, bool FailOpen = false, int? FailAtTarget = null, bool FailVolume = false);
