using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace Ifcb.Data.Png;

/// <summary>
/// A small, fast PNG codec for 8-bit grayscale images, the only kind IFCB produces. Encoding writes
/// filter type 0 rows through zlib; decoding accepts any non-interlaced 8-bit grayscale PNG (all five
/// row filters). Other PNG kinds are refused with a clear message: use a general decoder for those.
/// </summary>
public static class GrayPng
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes row-major pixels (<paramref name="width"/> bytes per row) as a grayscale PNG.</summary>
    public static void Encode(Stream destination, ReadOnlySpan<byte> pixels, int width, int height,
        CompressionLevel level = CompressionLevel.Fastest)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (width <= 0 || height <= 0 || pixels.Length < (long)width * height)
        {
            throw new ArgumentException($"pixel buffer of {pixels.Length} bytes does not hold {width}x{height}");
        }

        destination.Write(Signature);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 0; // colour type: grayscale
        ihdr[10] = 0; // compression
        ihdr[11] = 0; // filter method
        ihdr[12] = 0; // no interlace
        WriteChunk(destination, "IHDR"u8, ihdr);

        var raw = ArrayPool<byte>.Shared.Rent((width + 1) * height);
        try
        {
            var rowLength = width + 1;
            for (var y = 0; y < height; y++)
            {
                raw[y * rowLength] = 0; // filter: none
                pixels.Slice(y * width, width).CopyTo(raw.AsSpan(y * rowLength + 1, width));
            }

            using var compressed = new MemoryStream();
            using (var z = new ZLibStream(compressed, level, leaveOpen: true))
            {
                z.Write(raw, 0, rowLength * height);
            }

            WriteChunk(destination, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
        }

        WriteChunk(destination, "IEND"u8, []);
    }

    /// <summary>Encodes to a new byte array.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height)
    {
        using var ms = new MemoryStream();
        Encode(ms, pixels, width, height);
        return ms.ToArray();
    }

    /// <summary>True when <paramref name="header"/> starts with the PNG signature.</summary>
    public static bool IsPng(ReadOnlySpan<byte> header) => header.StartsWith(Signature);

    /// <summary>
    /// Decodes an 8-bit grayscale PNG into row-major pixels. Throws <see cref="InvalidDataException"/>
    /// for anything else (colour, 16-bit, interlaced, corrupt).
    /// </summary>
    public static byte[] Decode(ReadOnlySpan<byte> png, out int width, out int height)
    {
        if (!IsPng(png))
        {
            throw new InvalidDataException("not a PNG file (bad signature)");
        }

        width = height = 0;
        var pos = Signature.Length;
        using var idat = new MemoryStream();
        var sawHeader = false;
        while (pos + 8 <= png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png[pos..]);
            var type = png.Slice(pos + 4, 4);
            if (length < 0 || pos + 12L + length > png.Length)
            {
                throw new InvalidDataException("truncated PNG chunk");
            }

            var data = png.Slice(pos + 8, length);
            if (type.SequenceEqual("IHDR"u8))
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                if (data[8] != 8 || data[9] != 0 || data[12] != 0)
                {
                    throw new InvalidDataException(
                        $"only 8-bit non-interlaced grayscale PNG is supported here (depth {data[8]}, colour type {data[9]}, interlace {data[12]})");
                }

                if (width <= 0 || height <= 0 || (long)width * height > 1L << 28)
                {
                    throw new InvalidDataException($"absurd PNG size {width}x{height}");
                }

                sawHeader = true;
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                idat.Write(data);
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                break;
            }

            pos += 12 + length;
        }

        if (!sawHeader)
        {
            throw new InvalidDataException("PNG has no IHDR chunk");
        }

        var stride = width + 1;
        var raw = new byte[(long)stride * height];
        idat.Position = 0;
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            z.ReadExactly(raw);
        }

        var pixels = new byte[width * height];
        Unfilter(raw, pixels, width, height);
        return pixels;
    }

    private static void Unfilter(byte[] raw, byte[] pixels, int width, int height)
    {
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (width + 1)];
            var src = raw.AsSpan(y * (width + 1) + 1, width);
            var dst = pixels.AsSpan(y * width, width);
            var up = y > 0 ? pixels.AsSpan((y - 1) * width, width) : Span<byte>.Empty;
            for (var x = 0; x < width; x++)
            {
                int a = x > 0 ? dst[x - 1] : 0;
                int b = y > 0 ? up[x] : 0;
                int c = x > 0 && y > 0 ? up[x - 1] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"bad PNG row filter {filter} on row {y}"),
                };
                dst[x] = (byte)(src[x] + predictor);
            }
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream s, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        s.Write(type);
        s.Write(data);
        var crc = Crc32.Update(0xFFFFFFFFu, type);
        crc = Crc32.Update(crc, data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(len, crc);
        s.Write(len);
    }
}
