using System.Buffers;

namespace Ifcb.Imaging;

/// <summary>
/// THE preprocessing path shared by training and inference: an 8-bit gray ROI becomes a float CHW buffer
/// (resize per <see cref="ResizeMode"/>, scale to [0,1], normalise, copy to the channels).
/// </summary>
public static class Preprocessor
{
    /// <summary>Preprocesses <paramref name="image"/> into <paramref name="destination"/> (length <see cref="PreprocessOptions.TensorLength"/>).</summary>
    public static void Preprocess(GrayImage image, PreprocessOptions options, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        Preprocess(image.Pixels, image.Width, image.Height, options, destination);
    }

    /// <summary>Preprocesses raw row-major gray pixels into <paramref name="destination"/> (length <see cref="PreprocessOptions.TensorLength"/>).</summary>
    public static void Preprocess(ReadOnlySpan<byte> pixels, int width, int height, PreprocessOptions options, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(options);
        var size = options.InputSize;
        var plane = size * size;
        if (destination.Length < options.TensorLength)
        {
            throw new ArgumentException($"destination holds {destination.Length} floats; {options.TensorLength} needed", nameof(destination));
        }

        var canvas = ArrayPool<byte>.Shared.Rent(plane);
        try
        {
            var square = canvas.AsSpan(0, plane);
            ResizeToSquare(pixels, width, height, options.Resize, size, square);
            Span<float> lut = stackalloc float[256];
            for (var c = 0; c < options.Channels; c++)
            {
                var mean = options.Mean[options.Mean.Count == 1 ? 0 : c];
                var std = options.Std[options.Std.Count == 1 ? 0 : c];
                for (var v = 0; v < 256; v++)
                {
                    // Same arithmetic order as torchvision: ToTensor (v / 255) then Normalize ((x - mean) / std).
                    lut[v] = ((v / 255f) - mean) / std;
                }

                var dst = destination.Slice(c * plane, plane);
                for (var i = 0; i < square.Length; i++)
                {
                    dst[i] = lut[square[i]];
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(canvas);
        }
    }

    /// <summary>Resizes to a <paramref name="size"/> square of bytes: the 8-bit stage before scaling to floats.</summary>
    public static void ResizeToSquare(ReadOnlySpan<byte> pixels, int width, int height, ResizeMode mode, int size, Span<byte> destination)
    {
        if (mode == ResizeMode.Stretch)
        {
            BilinearResampler.Resize(pixels, width, height, destination, size, size, size);
            return;
        }

        // Pad: long side to the square, aspect kept, centred on the background level of the ROI itself so the
        // padding looks like more of the same water rather than a black or white frame.
        var scale = (double)size / Math.Max(width, height);
        var w = Math.Clamp((int)Math.Round(width * scale, MidpointRounding.AwayFromZero), 1, size);
        var h = Math.Clamp((int)Math.Round(height * scale, MidpointRounding.AwayFromZero), 1, size);
        destination[..(size * size)].Fill(BackgroundLevel(pixels, width, height));
        var x0 = (size - w) / 2;
        var y0 = (size - h) / 2;
        BilinearResampler.Resize(pixels, width, height, destination[((y0 * size) + x0)..], size, w, h);
    }

    /// <summary>The median of the border pixels: IFCB ROIs are cut with a margin of background around the cell.</summary>
    public static byte BackgroundLevel(ReadOnlySpan<byte> pixels, int width, int height)
    {
        Span<int> histogram = stackalloc int[256];
        var n = 0;
        for (var x = 0; x < width; x++)
        {
            histogram[pixels[x]]++;
            n++;
            if (height > 1)
            {
                histogram[pixels[((height - 1) * width) + x]]++;
                n++;
            }
        }

        for (var y = 1; y < height - 1; y++)
        {
            histogram[pixels[y * width]]++;
            n++;
            if (width > 1)
            {
                histogram[pixels[(y * width) + width - 1]]++;
                n++;
            }
        }

        // Lower median: the smallest level with at least half of the border at or below it.
        var half = (n + 1) / 2;
        var seen = 0;
        for (var v = 0; v < 256; v++)
        {
            seen += histogram[v];
            if (seen >= half)
            {
                return (byte)v;
            }
        }

        return 0;
    }
}
