namespace Ifcb.Telemetry;

/// <summary>Unsigned LEB128 variable-length integers: 7 bits a byte, high bit set on every byte but the last.</summary>
internal static class Varint
{
    public static void Write(List<byte> output, ulong value)
    {
        while (value >= 0x80)
        {
            output.Add((byte)(value | 0x80));
            value >>= 7;
        }

        output.Add((byte)value);
    }

    public static int Size(ulong value)
    {
        var n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }

        return n;
    }

    /// <summary>Reads one varint at <paramref name="offset"/> (advanced past it); at most 10 bytes.</summary>
    public static ulong Read(ReadOnlySpan<byte> data, ref int offset, string field)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (offset >= data.Length)
            {
                throw new TelemetryFormatException(field, $"message ends inside a number at byte {offset}");
            }

            var b = data[offset++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new TelemetryFormatException(field, $"number longer than 10 bytes ending at byte {offset}");
    }
}
