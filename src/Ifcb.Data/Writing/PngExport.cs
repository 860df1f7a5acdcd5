using Ifcb.Data.IO;
using Ifcb.Data.Png;

namespace Ifcb.Data.Writing;

/// <summary>Writes one 8-bit grayscale PNG per image of a bin: <c>{out}/{roi id}.png</c>.</summary>
public static class PngExport
{
    /// <summary>Writes every image of the set (v1 stitched) and returns the paths written.</summary>
    public static IReadOnlyList<string> Export(Bin bin, string directory, bool stretch = false)
    {
        ArgumentNullException.ThrowIfNull(bin);
        Directory.CreateDirectory(directory);
        var written = new List<string>(bin.ImageCount);
        foreach (var target in bin.Images)
        {
            var pixels = bin.ReadImage(target, out var w, out var h);
            if (stretch)
            {
                Stretch(pixels);
            }

            var path = Path.Combine(directory, bin.RoiId(target) + ".png");
            AtomicFile.Write(path, s => GrayPng.Encode(s, pixels, w, h));
            written.Add(path);
        }

        return written;
    }

    /// <summary>
    /// Min-max contrast stretch in place (as the SMHI export's normalisation): the darkest pixel becomes 0 and
    /// the brightest 255, rounding to nearest. A flat image is left unchanged.
    /// </summary>
    public static void Stretch(Span<byte> pixels)
    {
        if (pixels.IsEmpty)
        {
            return;
        }

        int min = 255, max = 0;
        foreach (var p in pixels)
        {
            min = Math.Min(min, p);
            max = Math.Max(max, p);
        }

        if (max == min)
        {
            return;
        }

        var range = max - min;
        Span<byte> lut = stackalloc byte[256];
        for (var v = min; v <= max; v++)
        {
            lut[v] = (byte)(((v - min) * 255 + range / 2) / range);
        }

        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = lut[pixels[i]];
        }
    }
}
