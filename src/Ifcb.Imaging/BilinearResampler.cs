using System.Buffers;

namespace Ifcb.Imaging;

/// <summary>
/// Bilinear resize of 8-bit gray images that reproduces Pillow's <c>Image.resize(..., BILINEAR)</c> bit for
/// bit (the resize that torchvision's <c>Resize</c> applies to PIL images in WHOI's recipe): a separable
/// triangle filter widened by the scale factor when shrinking (antialiasing), 22-bit fixed-point
/// coefficients, horizontal pass first, each pass rounded and clipped to 8 bits.
/// </summary>
public static class BilinearResampler
{
    private const int PrecisionBits = 32 - 8 - 2;

    /// <summary>
    /// Resizes <paramref name="source"/> (<paramref name="width"/> x <paramref name="height"/>) to
    /// <paramref name="outWidth"/> x <paramref name="outHeight"/>, written into <paramref name="destination"/>
    /// with row stride <paramref name="destinationStride"/> (so the result can land inside a larger canvas).
    /// </summary>
    public static void Resize(ReadOnlySpan<byte> source, int width, int height,
        Span<byte> destination, int destinationStride, int outWidth, int outHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outHeight);
        ArgumentOutOfRangeException.ThrowIfLessThan(destinationStride, outWidth);
        if (source.Length < width * height)
        {
            throw new ArgumentException("source is smaller than width x height", nameof(source));
        }

        if (destination.Length < ((outHeight - 1) * destinationStride) + outWidth)
        {
            throw new ArgumentException("destination is too small", nameof(destination));
        }

        var hCoeffs = Coefficients.Create(width, outWidth);
        var vCoeffs = Coefficients.Create(height, outHeight);
        var temp = ArrayPool<byte>.Shared.Rent(height * outWidth);
        try
        {
            // Horizontal pass: every source row to outWidth samples.
            for (var y = 0; y < height; y++)
            {
                var row = source.Slice(y * width, width);
                var outRow = temp.AsSpan(y * outWidth, outWidth);
                for (var x = 0; x < outWidth; x++)
                {
                    var start = hCoeffs.Start[x];
                    var k = hCoeffs.Weights.AsSpan(x * hCoeffs.Size, hCoeffs.Count[x]);
                    var ss = 1 << (PrecisionBits - 1);
                    for (var i = 0; i < k.Length; i++)
                    {
                        ss += row[start + i] * k[i];
                    }

                    outRow[x] = Clip8(ss);
                }
            }

            // Vertical pass: columns of the intermediate image to outHeight samples.
            for (var y = 0; y < outHeight; y++)
            {
                var start = vCoeffs.Start[y];
                var k = vCoeffs.Weights.AsSpan(y * vCoeffs.Size, vCoeffs.Count[y]);
                var outRow = destination.Slice(y * destinationStride, outWidth);
                for (var x = 0; x < outWidth; x++)
                {
                    var ss = 1 << (PrecisionBits - 1);
                    for (var i = 0; i < k.Length; i++)
                    {
                        ss += temp[((start + i) * outWidth) + x] * k[i];
                    }

                    outRow[x] = Clip8(ss);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(temp);
            hCoeffs.Return();
            vCoeffs.Return();
        }
    }

    private static byte Clip8(int ss)
    {
        var v = ss >> PrecisionBits;
        return v < 0 ? (byte)0 : v > 255 ? (byte)255 : (byte)v;
    }

    /// <summary>Pillow's <c>precompute_coeffs</c> + <c>normalize_coeffs_8bpc</c> for the bilinear filter.</summary>
    private readonly struct Coefficients
    {
        public readonly int Size;
        public readonly int[] Start;
        public readonly int[] Count;
        public readonly int[] Weights;

        private Coefficients(int size, int[] start, int[] count, int[] weights)
        {
            Size = size;
            Start = start;
            Count = count;
            Weights = weights;
        }

        public static Coefficients Create(int inSize, int outSize)
        {
            var scale = (double)inSize / outSize;
            var filterScale = Math.Max(scale, 1.0);
            var support = 1.0 * filterScale;
            var size = ((int)Math.Ceiling(support) * 2) + 1;
            var start = ArrayPool<int>.Shared.Rent(outSize);
            var count = ArrayPool<int>.Shared.Rent(outSize);
            var weights = ArrayPool<int>.Shared.Rent(outSize * size);
            Span<double> k = size <= 256 ? stackalloc double[size] : new double[size];
            var ss = 1.0 / filterScale;
            for (var xx = 0; xx < outSize; xx++)
            {
                var center = (xx + 0.5) * scale;
                var xmin = Math.Max((int)(center - support + 0.5), 0);
                var xmax = Math.Min((int)(center + support + 0.5), inSize) - xmin;
                var ww = 0.0;
                for (var x = 0; x < xmax; x++)
                {
                    var t = Math.Abs((x + xmin - center + 0.5) * ss);
                    var w = t < 1.0 ? 1.0 - t : 0.0;
                    k[x] = w;
                    ww += w;
                }

                for (var x = 0; x < xmax; x++)
                {
                    var w = ww != 0.0 ? k[x] / ww : k[x];
                    weights[(xx * size) + x] = (int)(w < 0 ? -0.5 + (w * (1 << PrecisionBits)) : 0.5 + (w * (1 << PrecisionBits)));
                }

                start[xx] = xmin;
                count[xx] = xmax;
            }

            return new Coefficients(size, start, count, weights);
        }

        public void Return()
        {
            ArrayPool<int>.Shared.Return(Start);
            ArrayPool<int>.Shared.Return(Count);
            ArrayPool<int>.Shared.Return(Weights);
        }
    }
}
