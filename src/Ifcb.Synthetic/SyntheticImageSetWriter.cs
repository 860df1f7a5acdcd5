using Ifcb.Data.IO;
using Ifcb.Data.Png;

namespace Ifcb.Synthetic;

/// <summary>
/// Writes a labelled image set in the class-per-folder layout training tools read:
/// <c>&lt;root&gt;/&lt;class&gt;/&lt;roi id&gt;.png</c>, with ROI-like names (<c>D…_IFCB999_00042.png</c>).
/// </summary>
public static class SyntheticImageSetWriter
{
    private const int ImagesPerPseudoBin = 500;
    private const ulong ImageSetSalt = 0x1F0C_B5E7_0000_0001UL;

    /// <summary>Writes <paramref name="perClass"/> PNGs for every class; the same seed gives the same files.</summary>
    public static SyntheticImageSetResult Write(string root, int perClass, ulong seed, int instrument = 999, int maxDegreeOfParallelism = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(perClass);
        ArgumentOutOfRangeException.ThrowIfLessThan(instrument, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(instrument, 999);
        var classes = SyntheticClasses.All;
        foreach (var name in classes)
        {
            Directory.CreateDirectory(Path.Combine(root, name));
        }

        var total = perClass * classes.Count;
        var start = new DateTime(2022, 5, 19, 0, 0, 0, DateTimeKind.Utc);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount };
        Parallel.For(0, total, parallel, g =>
        {
            // Classes interleave over pseudo-bins 20 minutes apart, so names look like real ROI ids.
            var c = g % classes.Count;
            var i = g / classes.Count;
            var image = PlanktonPainter.Paint(c, SynthRandom.Derive(seed ^ ImageSetSalt, c, i));
            var time = start.AddMinutes(20.0 * (g / ImagesPerPseudoBin));
            var name = Data.Ids.BinId.FormatRoiId($"D{time:yyyyMMdd}T{time:HHmmss}_IFCB{instrument:D3}", (g % ImagesPerPseudoBin) + 1) + ".png";
            AtomicFile.Write(Path.Combine(root, classes[c], name), s => GrayPng.Encode(s, image.Pixels, image.Width, image.Height));
        });
        return new SyntheticImageSetResult(Path.GetFullPath(root), total, classes);
    }
}
