using Ifcb.Data.Adc;

namespace Ifcb.Data.Stitching;

/// <summary>
/// v1 stitching and infilling, exactly as pyifcb's <c>Stitcher</c>/<c>InfilledImages</c> (docs/ifcb-format.md §5).
/// </summary>
public static class Stitcher
{
    /// <summary>Overlap, in pixels, that two boxes must exceed on both axes to be stitched.</summary>
    public const int OverlapThreshold = 2;

    /// <summary>The stitch pairs of a v1 ADC file (none for v2).</summary>
    public static IReadOnlyList<StitchPair> FindPairs(AdcFile adc)
    {
        ArgumentNullException.ThrowIfNull(adc);
        var pairs = new List<StitchPair>();
        if (adc.Schema != AdcSchema.V1)
        {
            return pairs;
        }

        AdcRow? previous = null;
        foreach (var b in adc.Rows)
        {
            if (!b.HasImage)
            {
                continue;
            }

            if (previous is { } a && a.Trigger == b.Trigger)
            {
                long ax1 = a.X, ay1 = a.Y, ax2 = a.X + a.Width, ay2 = a.Y + a.Height;
                long bx1 = b.X, by1 = b.Y, bx2 = b.X + b.Width, by2 = b.Y + b.Height;
                if (ax1 < bx2 - OverlapThreshold && ax2 > bx1 + OverlapThreshold
                    && ay1 < by2 - OverlapThreshold && ay2 > by1 + OverlapThreshold)
                {
                    var sx1 = Math.Min(ax1, bx1);
                    var sy1 = Math.Min(ay1, by1);
                    var w = Math.Max(ax2, bx2) - sx1;
                    var h = Math.Max(ay2, by2) - sy1;
                    if (w > 0 && h > 0 && w <= int.MaxValue && h <= int.MaxValue)
                    {
                        pairs.Add(new StitchPair(a.Target, b.Target, (int)sx1, (int)sy1, (int)w, (int)h));
                    }
                }
            }

            previous = b;
        }

        return pairs;
    }

    /// <summary>
    /// Pastes a then b into the pair's box (b wins the overlap) without infilling. Returns the pixels and the
    /// mask of pixels neither image covers.
    /// </summary>
    public static byte[] RawStitch(StitchPair pair, AdcRow a, ReadOnlySpan<byte> pixelsA, AdcRow b, ReadOnlySpan<byte> pixelsB, out bool[] mask)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int w = pair.Width, h = pair.Height;
        var image = new byte[w * h];
        mask = new bool[w * h];
        Array.Fill(mask, true);
        Paste(image, mask, w, a, pixelsA, pair);
        Paste(image, mask, w, b, pixelsB, pair);
        return image;
    }

    /// <summary>The stitched and infilled image of a pair; <paramref name="fillValue"/> is the value given to the gap.</summary>
    public static byte[] Stitch(StitchPair pair, AdcRow a, ReadOnlySpan<byte> pixelsA, AdcRow b, ReadOnlySpan<byte> pixelsB, out int fillValue)
    {
        var image = RawStitch(pair, a, pixelsA, b, pixelsB, out var mask);
        fillValue = FillValue(image, mask, pair.Width, pair.Height);
        for (var i = 0; i < image.Length; i++)
        {
            if (mask[i])
            {
                image[i] = (byte)fillValue;
            }
        }

        return image;
    }

    /// <summary>
    /// pyifcb's <c>infill_image</c> value: dilate the mask with a plus kernel, take the 4-connected boundary
    /// of the dilation (zero outside the image), copy the inner rows/columns over the outermost ones, then
    /// round (half to even, as numpy) the mean of the unmasked pixels on that boundary; 0 if there are none.
    /// </summary>
    public static int FillValue(ReadOnlySpan<byte> image, ReadOnlySpan<bool> mask, int w, int h)
    {
        var dilated = new bool[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var i = y * w + x;
                dilated[i] = mask[i]
                    || (x > 0 && mask[i - 1]) || (x < w - 1 && mask[i + 1])
                    || (y > 0 && mask[i - w]) || (y < h - 1 && mask[i + w]);
            }
        }

        var boundary = new bool[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var i = y * w + x;
                if (!dilated[i])
                {
                    continue;
                }

                var neighbours = (x > 0 && dilated[i - 1] ? 1 : 0) + (x < w - 1 && dilated[i + 1] ? 1 : 0)
                    + (y > 0 && dilated[i - w] ? 1 : 0) + (y < h - 1 && dilated[i + w] ? 1 : 0);
                boundary[i] = 4 - neighbours > 0;
            }
        }

        // chop_boundary_edges, in numpy's order: first and last columns, then first and last rows.
        if (w >= 2)
        {
            for (var y = 0; y < h; y++)
            {
                boundary[y * w] = boundary[y * w + 1];
                boundary[y * w + w - 1] = boundary[y * w + w - 2];
            }
        }

        if (h >= 2)
        {
            for (var x = 0; x < w; x++)
            {
                boundary[x] = boundary[w + x];
                boundary[(h - 1) * w + x] = boundary[(h - 2) * w + x];
            }
        }

        long sum = 0;
        long count = 0;
        for (var i = 0; i < boundary.Length; i++)
        {
            if (boundary[i] && !mask[i])
            {
                sum += image[i];
                count++;
            }
        }

        return count == 0 ? 0 : (int)Math.Round((double)sum / count, MidpointRounding.ToEven);
    }

    private static void Paste(byte[] image, bool[] mask, int w, AdcRow row, ReadOnlySpan<byte> pixels, StitchPair pair)
    {
        var rw = (int)row.Width;
        var rh = (int)row.Height;
        var ox = row.X - pair.X;
        var oy = row.Y - pair.Y;
        for (var y = 0; y < rh; y++)
        {
            var src = pixels.Slice(y * rw, rw);
            src.CopyTo(image.AsSpan((oy + y) * w + ox, rw));
            mask.AsSpan((oy + y) * w + ox, rw).Clear();
        }
    }
}
