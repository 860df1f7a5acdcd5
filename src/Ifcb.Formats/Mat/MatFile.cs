using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using Ifcb.Data;
using Ifcb.Data.IO;

namespace Ifcb.Formats.Mat;

/// <summary>
/// Reads and writes MATLAB level-5 MAT-files (the format of <c>save -v7</c>): numeric, logical, char, cell and (read
/// only) struct arrays. Every variable is written as one zlib-compressed element, as MATLAB does.
/// </summary>
public static class MatFile
{
    private const int HeaderLength = 128;

    /// <summary>Writes the variables, in order, atomically to <paramref name="path"/>.</summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, MatArray>> variables)
        => AtomicFile.WriteAllBytes(path, ToBytes(variables));

    /// <summary>Builds a MAT-file image in memory.</summary>
    public static byte[] ToBytes(IEnumerable<KeyValuePair<string, MatArray>> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        using var output = new MemoryStream();
        var header = new byte[HeaderLength];
        header.AsSpan(0, 116).Fill((byte)' ');
        var text = $"MATLAB 5.0 MAT-file, Platform: GLNXA64, Created on: {DateTime.UtcNow:ddd MMM dd HH:mm:ss yyyy} by ifcb";
        Encoding.ASCII.GetBytes(text).CopyTo(header, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(124), 0x0100);
        header[126] = (byte)'I';
        header[127] = (byte)'M';
        output.Write(header);
        foreach (var (name, array) in variables)
        {
            ValidateName(name);
            var matrix = new MemoryStream();
            WriteMatrix(matrix, name, array);
            var compressed = new MemoryStream();
            using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                z.Write(matrix.GetBuffer(), 0, (int)matrix.Length);
            }

            WriteTag(output, MatDataType.Compressed, (int)compressed.Length);
            output.Write(compressed.GetBuffer(), 0, (int)compressed.Length);
        }

        return output.ToArray();
    }

    /// <summary>Reads every variable of <paramref name="path"/>, in file order.</summary>
    public static IReadOnlyDictionary<string, MatArray> Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException ex)
        {
            throw new IfcbDataException(path, ex.Message, inner: ex);
        }

        return Read(bytes, path);
    }

    /// <summary>Reads every variable of an in-memory MAT-file; <paramref name="source"/> names it in errors.</summary>
    public static IReadOnlyDictionary<string, MatArray> Read(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < HeaderLength || !Encoding.ASCII.GetString(bytes, 0, 10).StartsWith("MATLAB", StringComparison.Ordinal))
        {
            throw new IfcbDataException(source, "not a MATLAB MAT-file (no 'MATLAB' header)");
        }

        if (bytes[126] != 'I' || bytes[127] != 'M')
        {
            var why = bytes[126] == 'M' && bytes[127] == 'I'
                ? "big-endian MAT-files are not supported"
                : "not a level-5 MAT-file (v7.3 files are HDF5: read them with an HDF5 reader)";
            throw new IfcbDataException(source, why);
        }

        var result = new Dictionary<string, MatArray>(StringComparer.Ordinal);
        var position = HeaderLength;
        try
        {
            while (position + 8 <= bytes.Length)
            {
                var (type, length, dataOffset, next) = ReadTag(bytes, position);
                var element = bytes.AsSpan(dataOffset, length).ToArray();
                if (type == MatDataType.Compressed)
                {
                    // A compressed element holds one complete (uncompressed) element and is not padded.
                    next = dataOffset + length;
                    using var z = new ZLibStream(new MemoryStream(element), CompressionMode.Decompress);
                    using var inflated = new MemoryStream();
                    z.CopyTo(inflated);
                    element = inflated.ToArray();
                    var (innerType, innerLength, innerOffset, _) = ReadTag(element, 0);
                    if (innerType != MatDataType.Matrix)
                    {
                        throw new InvalidDataException($"compressed element holds type {innerType}, expected a matrix");
                    }

                    element = element.AsSpan(innerOffset, innerLength).ToArray();
                    type = innerType;
                }

                if (type == MatDataType.Matrix)
                {
                    var (name, array) = ReadMatrix(element);
                    result[name] = array;
                }

                position = next;
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IndexOutOfRangeException or NotSupportedException)
        {
            throw new IfcbDataException(source, $"malformed MAT-file at byte {position}: {ex.Message}", inner: ex);
        }

        return result;
    }

    private static (MatDataType Type, int Length, int DataOffset, int Next) ReadTag(byte[] bytes, int position)
    {
        var first = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position));
        if ((first >> 16) != 0)
        {
            // Small data element: type and byte count share the first word, the data the second.
            var smallLength = (int)(first >> 16);
            if (smallLength > 4)
            {
                throw new InvalidDataException($"small element claims {smallLength} bytes");
            }

            return ((MatDataType)(first & 0xFFFF), smallLength, position + 4, position + 8);
        }

        var length = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position + 4)));
        if (position + 8 + (long)length > bytes.Length)
        {
            throw new InvalidDataException($"element of {length} bytes runs past the end ({bytes.Length} bytes)");
        }

        return ((MatDataType)first, length, position + 8, position + 8 + Pad8(length));
    }

    private static (string Name, MatArray Array) ReadMatrix(byte[] m)
    {
        if (m.Length == 0)
        {
            // An empty matrix element is MATLAB's [] (e.g. an empty cell).
            return ("", new MatNumeric(Array.Empty<double>(), [0, 0]));
        }

        var position = 0;
        var (_, flagsLength, flagsOffset, next) = ReadTag(m, position);
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(m.AsSpan(flagsOffset, flagsLength));
        var cls = (MatClass)(flags & 0xFF);
        var isComplex = (flags & 0x800) != 0;
        var isLogical = (flags & 0x200) != 0;
        position = next;

        var (_, dimsLength, dimsOffset, dimsNext) = ReadTag(m, position);
        var dims = new int[dimsLength / 4];
        for (var i = 0; i < dims.Length; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32LittleEndian(m.AsSpan(dimsOffset + (4 * i)));
        }

        position = dimsNext;
        var (_, nameLength, nameOffset, nameNext) = ReadTag(m, position);
        var name = Encoding.ASCII.GetString(m, nameOffset, nameLength);
        position = nameNext;
        var count = dims.Aggregate(1, (a, b) => a * b);

        switch (cls)
        {
            case MatClass.Cell:
                {
                    var cells = new MatArray[count];
                    for (var i = 0; i < count; i++)
                    {
                        var (t, len, off, nx) = ReadTag(m, position);
                        if (t != MatDataType.Matrix)
                        {
                            throw new InvalidDataException($"cell {i} of '{name}' is type {t}, expected a matrix");
                        }

                        cells[i] = ReadMatrix(m.AsSpan(off, len).ToArray()).Array;
                        position = nx;
                    }

                    return (name, new MatCell(cells, dims));
                }

            case MatClass.Struct:
                {
                    var (_, _, fnlOffset, fnlNext) = ReadTag(m, position);
                    var fieldLength = BinaryPrimitives.ReadInt32LittleEndian(m.AsSpan(fnlOffset));
                    var (_, fnLength, fnOffset, fnNext) = ReadTag(m, fnlNext);
                    var fields = new string[fieldLength == 0 ? 0 : fnLength / fieldLength];
                    for (var f = 0; f < fields.Length; f++)
                    {
                        fields[f] = Encoding.ASCII.GetString(m, fnOffset + (f * fieldLength), fieldLength).TrimEnd('\0');
                    }

                    position = fnNext;
                    var values = new MatArray[count][];
                    for (var e = 0; e < count; e++)
                    {
                        values[e] = new MatArray[fields.Length];
                        for (var f = 0; f < fields.Length; f++)
                        {
                            var (_, len, off, nx) = ReadTag(m, position);
                            values[e][f] = ReadMatrix(m.AsSpan(off, len).ToArray()).Array;
                            position = nx;
                        }
                    }

                    return (name, new MatStruct(fields, values, dims));
                }

            case MatClass.Char:
                {
                    if (position >= m.Length)
                    {
                        return (name, new MatChar("", dims));
                    }

                    var (t, len, off, _) = ReadTag(m, position);
                    var text = t switch
                    {
                        MatDataType.Utf8 => Encoding.UTF8.GetString(m, off, len),
                        MatDataType.UInt16 or MatDataType.Utf16 => new string(MemoryMarshal.Cast<byte, char>(m.AsSpan(off, len))),
                        MatDataType.UInt8 or MatDataType.Int8 => Encoding.Latin1.GetString(m, off, len),
                        _ => throw new NotSupportedException($"char data of type {t}"),
                    };
                    return (name, new MatChar(text, dims));
                }

            case MatClass.Object or MatClass.Sparse:
                throw new NotSupportedException($"variable '{name}' is a {cls} array, which is not supported");

            default:
                {
                    if (isComplex)
                    {
                        throw new NotSupportedException($"variable '{name}' is complex, which is not supported");
                    }

                    var (t, len, off, _) = ReadTag(m, position);
                    var data = ConvertData(t, m.AsSpan(off, len), cls, count, name);
                    return (name, new MatNumeric(data, dims, isLogical && cls == MatClass.UInt8));
                }
        }
    }

    private static Array ConvertData(MatDataType type, ReadOnlySpan<byte> raw, MatClass cls, int count, string name)
    {
        // MATLAB stores numbers in the smallest type that holds them (a double array of small integers as uint8):
        // widen the stored values to the array's class.
        var values = new double[count];
        var size = type switch
        {
            MatDataType.Int8 or MatDataType.UInt8 => 1,
            MatDataType.Int16 or MatDataType.UInt16 => 2,
            MatDataType.Int32 or MatDataType.UInt32 or MatDataType.Single => 4,
            MatDataType.Double or MatDataType.Int64 or MatDataType.UInt64 => 8,
            _ => throw new NotSupportedException($"numeric data of type {type} in '{name}'"),
        };
        if (raw.Length < count * size)
        {
            throw new InvalidDataException($"'{name}' holds {raw.Length / size} values, its dimensions need {count}");
        }

        if (StorageMatchesClass(type, cls))
        {
            return cls switch
            {
                MatClass.Double => MemoryMarshal.Cast<byte, double>(raw[..(count * 8)]).ToArray(),
                MatClass.Single => MemoryMarshal.Cast<byte, float>(raw[..(count * 4)]).ToArray(),
                MatClass.Int64 => MemoryMarshal.Cast<byte, long>(raw[..(count * 8)]).ToArray(),
                MatClass.UInt64 => MemoryMarshal.Cast<byte, ulong>(raw[..(count * 8)]).ToArray(),
                MatClass.Int32 => MemoryMarshal.Cast<byte, int>(raw[..(count * 4)]).ToArray(),
                MatClass.UInt32 => MemoryMarshal.Cast<byte, uint>(raw[..(count * 4)]).ToArray(),
                MatClass.Int16 => MemoryMarshal.Cast<byte, short>(raw[..(count * 2)]).ToArray(),
                MatClass.UInt16 => MemoryMarshal.Cast<byte, ushort>(raw[..(count * 2)]).ToArray(),
                MatClass.Int8 => MemoryMarshal.Cast<byte, sbyte>(raw[..count]).ToArray(),
                _ => raw[..count].ToArray(),
            };
        }

        for (var i = 0; i < count; i++)
        {
            var s = raw.Slice(i * size, size);
            values[i] = type switch
            {
                MatDataType.Int8 => (sbyte)s[0],
                MatDataType.UInt8 => s[0],
                MatDataType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(s),
                MatDataType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(s),
                MatDataType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(s),
                MatDataType.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(s),
                MatDataType.Single => BinaryPrimitives.ReadSingleLittleEndian(s),
                MatDataType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(s),
                MatDataType.UInt64 => BinaryPrimitives.ReadUInt64LittleEndian(s),
                _ => BinaryPrimitives.ReadDoubleLittleEndian(s),
            };
        }

        return cls switch
        {
            MatClass.Double => values,
            MatClass.Single => Array.ConvertAll(values, v => (float)v),
            MatClass.Int8 => Array.ConvertAll(values, v => (sbyte)v),
            MatClass.UInt8 => Array.ConvertAll(values, v => (byte)v),
            MatClass.Int16 => Array.ConvertAll(values, v => (short)v),
            MatClass.UInt16 => Array.ConvertAll(values, v => (ushort)v),
            MatClass.Int32 => Array.ConvertAll(values, v => (int)v),
            MatClass.UInt32 => Array.ConvertAll(values, v => (uint)v),
            MatClass.Int64 => Array.ConvertAll(values, v => (long)v),
            MatClass.UInt64 => Array.ConvertAll(values, v => (ulong)v),
            _ => throw new NotSupportedException($"class {cls} in '{name}'"),
        };
    }

    private static bool StorageMatchesClass(MatDataType type, MatClass cls) => (type, cls) switch
    {
        (MatDataType.Double, MatClass.Double) or (MatDataType.Single, MatClass.Single) => true,
        (MatDataType.Int8, MatClass.Int8) or (MatDataType.UInt8, MatClass.UInt8) => true,
        (MatDataType.Int16, MatClass.Int16) or (MatDataType.UInt16, MatClass.UInt16) => true,
        (MatDataType.Int32, MatClass.Int32) or (MatDataType.UInt32, MatClass.UInt32) => true,
        (MatDataType.Int64, MatClass.Int64) or (MatDataType.UInt64, MatClass.UInt64) => true,
        _ => false,
    };

    private static void WriteMatrix(Stream s, string name, MatArray array)
    {
        var body = new MemoryStream();
        var flags = (uint)array.Class | (array is MatNumeric { IsLogical: true } ? 0x200u : 0u);
        WriteElement(body, MatDataType.UInt32, MemoryMarshal.AsBytes(new uint[] { flags, 0 }.AsSpan()));
        WriteElement(body, MatDataType.Int32, MemoryMarshal.AsBytes(array.Dimensions.AsSpan()));
        WriteElement(body, MatDataType.Int8, Encoding.ASCII.GetBytes(name));
        switch (array)
        {
            case MatNumeric n:
                WriteElement(body, DataTypeOf(n.Class), RawBytes(n.Data));
                break;
            case MatChar c:
                // miUTF16, as MATLAB writes non-ASCII text; scipy decodes miUINT16 chars as bytes of the locale.
                WriteElement(body, MatDataType.Utf16, MemoryMarshal.AsBytes(c.Chars.AsSpan()));
                break;
            case MatCell cell:
                foreach (var item in cell.Cells)
                {
                    WriteMatrix(body, "", item);
                }

                break;
            default:
                throw new NotSupportedException($"writing {array.Class} arrays is not supported ('{name}')");
        }

        WriteTag(s, MatDataType.Matrix, (int)body.Length);
        s.Write(body.GetBuffer(), 0, (int)body.Length);
    }

    private static MatDataType DataTypeOf(MatClass cls) => cls switch
    {
        MatClass.Double => MatDataType.Double,
        MatClass.Single => MatDataType.Single,
        MatClass.Int8 => MatDataType.Int8,
        MatClass.UInt8 => MatDataType.UInt8,
        MatClass.Int16 => MatDataType.Int16,
        MatClass.UInt16 => MatDataType.UInt16,
        MatClass.Int32 => MatDataType.Int32,
        MatClass.UInt32 => MatDataType.UInt32,
        MatClass.Int64 => MatDataType.Int64,
        _ => MatDataType.UInt64,
    };

    private static byte[] RawBytes(Array data)
    {
        var bytes = new byte[Buffer.ByteLength(data)];
        Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    private static void WriteElement(Stream s, MatDataType type, ReadOnlySpan<byte> data)
    {
        WriteTag(s, type, data.Length);
        s.Write(data);
        s.Write(new byte[Pad8(data.Length) - data.Length]);
    }

    private static void WriteTag(Stream s, MatDataType type, int length)
    {
        Span<byte> tag = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(tag, (uint)type);
        BinaryPrimitives.WriteUInt32LittleEndian(tag[4..], (uint)length);
        s.Write(tag);
    }

    private static int Pad8(int length) => (length + 7) & ~7;

    private static void ValidateName(string name)
    {
        // MATLAB variable names: a letter, then letters, digits or underscores, at most 63 characters.
        if (name.Length is 0 or > 63 || !char.IsAsciiLetter(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"'{name}' is not a valid MATLAB variable name", nameof(name));
        }
    }
}
