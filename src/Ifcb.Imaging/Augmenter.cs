namespace Ifcb.Imaging;

/// <summary>Applies <see cref="AugmentOptions"/> to a gray ROI with a caller-seeded random source (deterministic by seed).</summary>
public static class Augmenter
{
    /// <summary>
    /// Returns an augmented copy of <paramref name="image"/> (or the image itself when nothing applies).
    /// Draws from <paramref name="random"/> in a fixed order, so one seed always gives one result.
    /// </summary>
    public static GrayImage Apply(GrayImage image, AugmentOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        if (!options.IsActive)
        {
            return image;
        }

        // Draw every random number up front, always the same count, so enabling one option
        // does not shift the others' draws.
        var flipX = random.NextDouble() < 0.5;
        var flipY = random.NextDouble() < 0.5;
        var quarterTurns = random.Next(4);
        var zoom = 1 + (((random.NextDouble() * 2) - 1) * options.Scale);
        var dx = ((random.NextDouble() * 2) - 1) * options.Shift;
        var dy = ((random.NextDouble() * 2) - 1) * options.Shift;
        var brightness = ((random.NextDouble() * 2) - 1) * options.Brightness * 255;
        var contrast = 1 + (((random.NextDouble() * 2) - 1) * options.Contrast);

        var result = image;
        if (options.FlipX && flipX)
        {
            result = FlipVertical(result);
        }

        if (options.FlipY && flipY)
        {
            result = FlipHorizontal(result);
        }

        if (options.Rotate90 && quarterTurns != 0)
        {
            result = Rotate(result, quarterTurns);
        }

        var background = Preprocessor.BackgroundLevel(result.Pixels, result.Width, result.Height);
        if (options.Scale > 0 || options.Shift > 0)
        {
            result = Affine(result, zoom, dx * result.Width, dy * result.Height, background);
        }

        if (options.Brightness > 0 || options.Contrast > 0)
        {
            result = Intensity(result, contrast, brightness, background);
        }

        return result;
    }

    /// <summary>Top-bottom mirror.</summary>
    public static GrayImage FlipVertical(GrayImage image)
    {
        var w = image.Width;
        var h = image.Height;
        var dst = new byte[w * h];
        for (var y = 0; y < h; y++)
        {
            image.Pixels.AsSpan((h - 1 - y) * w, w).CopyTo(dst.AsSpan(y * w, w));
        }

        return new GrayImage(dst, w, h);
    }

    /// <summary>Left-right mirror.</summary>
    public static GrayImage FlipHorizontal(GrayImage image)
    {
        var w = image.Width;
        var h = image.Height;
        var dst = new byte[w * h];
        for (var y = 0; y < h; y++)
        {
            var row = dst.AsSpan(y * w, w);
            image.Pixels.AsSpan(y * w, w).CopyTo(row);
            row.Reverse();
        }

        return new GrayImage(dst, w, h);
    }

    /// <summary>Rotates counter-clockwise by <paramref name="quarterTurns"/> x 90 degrees.</summary>
    public static GrayImage Rotate(GrayImage image, int quarterTurns)
    {
        var w = image.Width;
        var h = image.Height;
        var src = image.Pixels;
        switch (((quarterTurns % 4) + 4) % 4)
        {
            case 1:
                {
                    // Counter-clockwise: new (x, y) = old (w - 1 - y, x); new size h x w.
                    var dst = new byte[w * h];
                    for (var y = 0; y < w; y++)
                    {
                        for (var x = 0; x < h; x++)
                        {
                            dst[(y * h) + x] = src[(x * w) + (w - 1 - y)];
                        }
                    }

                    return new GrayImage(dst, h, w);
                }

            case 2:
                {
                    var dst = (byte[])src.Clone();
                    Array.Reverse(dst);
                    return new GrayImage(dst, w, h);
                }

            case 3:
                {
                    var dst = new byte[w * h];
                    for (var y = 0; y < w; y++)
                    {
                        for (var x = 0; x < h; x++)
                        {
                            dst[(y * h) + x] = src[((h - 1 - x) * w) + y];
                        }
                    }

                    return new GrayImage(dst, h, w);
                }

            default:
                return image;
        }
    }

    /// <summary>Zoom about the centre and shift (pixels), bilinear, uncovered area filled with <paramref name="fill"/>.</summary>
    public static GrayImage Affine(GrayImage image, double zoom, double shiftX, double shiftY, byte fill)
    {
        var w = image.Width;
        var h = image.Height;
        var src = image.Pixels;
        var dst = new byte[w * h];
        var cx = (w - 1) / 2.0;
        var cy = (h - 1) / 2.0;
        var inv = 1 / zoom;
        for (var y = 0; y < h; y++)
        {
            var sy = ((y - cy - shiftY) * inv) + cy;
            var y0 = (int)Math.Floor(sy);
            var fy = sy - y0;
            for (var x = 0; x < w; x++)
            {
                var sx = ((x - cx - shiftX) * inv) + cx;
                var x0 = (int)Math.Floor(sx);
                var fx = sx - x0;
                var p00 = Sample(src, w, h, x0, y0, fill);
                var p10 = Sample(src, w, h, x0 + 1, y0, fill);
                var p01 = Sample(src, w, h, x0, y0 + 1, fill);
                var p11 = Sample(src, w, h, x0 + 1, y0 + 1, fill);
                var v = ((p00 * (1 - fx) + p10 * fx) * (1 - fy)) + ((p01 * (1 - fx) + p11 * fx) * fy);
                dst[(y * w) + x] = (byte)Math.Clamp((int)Math.Round(v), 0, 255);
            }
        }

        return new GrayImage(dst, w, h);
    }

    /// <summary>Contrast about <paramref name="pivot"/> then an additive brightness offset, clipped to 8 bits.</summary>
    public static GrayImage Intensity(GrayImage image, double contrast, double brightness, byte pivot)
    {
        Span<byte> lut = stackalloc byte[256];
        for (var v = 0; v < 256; v++)
        {
            lut[v] = (byte)Math.Clamp((int)Math.Round(((v - pivot) * contrast) + pivot + brightness), 0, 255);
        }

        var dst = new byte[image.Pixels.Length];
        for (var i = 0; i < dst.Length; i++)
        {
            dst[i] = lut[image.Pixels[i]];
        }

        return new GrayImage(dst, image.Width, image.Height);
    }

    private static double Sample(byte[] src, int w, int h, int x, int y, byte fill) =>
        (uint)x < (uint)w && (uint)y < (uint)h ? src[(y * w) + x] : fill;
}
