using System.Buffers.Binary;
using System.Globalization;
using Ifcb.Data.Ids;

namespace Ifcb.Telemetry;

/// <summary>
/// One bin's result as one Iridium SBD mobile-originated message (at most 340 bytes). Version 1 layout (docs/edge.md
/// has it byte by byte): magic+version byte, flags, varint sample time (seconds since 2000-01-01 UTC), varint
/// instrument, varint ml_analyzed in microlitres, varint ROI count, 4-byte model hash (sha256 prefix), varint class
/// count, sparse above-threshold counts (varint entry count, then varint index gap and varint count per entry), the
/// optional sparse winner excess (winner minus above-threshold), the optional truncation note, and a CRC-32.
/// </summary>
public sealed record SbdMessage
{
    /// <summary>The largest Iridium SBD mobile-originated message.</summary>
    public const int MaxMobileOriginatedBytes = 340;

    /// <summary>High nibble: magic; low nibble: format version.</summary>
    public const byte MagicVersion = 0xB1;

    private const byte FlagMl = 1, FlagWinners = 2, FlagTruncated = 4, FlagV1Id = 8;
    private static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The bin id (LID); its sample time and instrument are what travel.</summary>
    public required string Bin { get; init; }

    /// <summary>Volume analysed in mL, to the microlitre (NaN: unknown).</summary>
    public double MlAnalyzed { get; init; } = double.NaN;

    /// <summary>ROIs classified.</summary>
    public required int RoiCount { get; init; }

    /// <summary>The model's short hash: the first 8 hex digits of its ONNX sha256.</summary>
    public required string ModelHash { get; init; }

    /// <summary>Winners at or above the class threshold, per class in model order (zero for dropped classes).</summary>
    public required IReadOnlyList<int> AboveThreshold { get; init; }

    /// <summary>Argmax winners per class, or null when they were not sent.</summary>
    public IReadOnlyList<int>? Winners { get; init; }

    /// <summary>How many non-zero classes were left out to fit (0: none).</summary>
    public int DroppedClasses { get; init; }

    /// <summary>The total above-threshold count of the classes left out.</summary>
    public int DroppedCount { get; init; }

    /// <summary>The sample time (from the bin id).</summary>
    public DateTimeOffset SampleTime => BinId.Parse(Bin).Timestamp;

    /// <summary>The model's short hash from a full sha256 hex string.</summary>
    public static string ShortHash(string sha256Hex)
    {
        ArgumentNullException.ThrowIfNull(sha256Hex);
        return sha256Hex.Length >= 8 && IsHex(sha256Hex.AsSpan(0, 8)) ? sha256Hex[..8].ToLowerInvariant() : throw new ArgumentException($"'{sha256Hex}' is not a sha256 hex string", nameof(sha256Hex));
    }

    /// <summary>
    /// Encodes <paramref name="message"/> into at most <paramref name="maxBytes"/>. When the whole does not fit, the
    /// winner counts go first, then the smallest classes (ties: the later class), and the result says what went.
    /// Throws when not even the header and the checksum fit.
    /// </summary>
    public static SbdEncoding Encode(SbdMessage message, int maxBytes = MaxMobileOriginatedBytes)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = BinId.Parse(message.Bin);
        if (message.Winners is { } w && w.Count != message.AboveThreshold.Count)
        {
            throw new ArgumentException($"{message.AboveThreshold.Count} above-threshold counts but {w.Count} winner counts");
        }

        if (message.AboveThreshold.Any(c => c < 0) || (message.Winners?.Any(c => c < 0) ?? false) || message.RoiCount < 0)
        {
            throw new ArgumentException("counts must not be negative");
        }

        var kept = Enumerable.Range(0, message.AboveThreshold.Count).Where(i => message.AboveThreshold[i] > 0).ToList();
        var winners = message.Winners;
        var bytes = Write(message, id, kept, winners, [], 0);
        var winnersDropped = false;
        if (bytes.Length > maxBytes && winners is not null)
        {
            winners = null;
            winnersDropped = true;
            bytes = Write(message, id, kept, null, [], 0);
        }

        var dropped = new List<int>();
        if (bytes.Length > maxBytes)
        {
            // Smallest counts first: the bloom-forming classes a watcher cares about are the abundant ones.
            var order = kept.OrderBy(i => message.AboveThreshold[i]).ThenByDescending(i => i).ToList();
            var droppedSum = 0;
            foreach (var i in order)
            {
                kept.Remove(i);
                dropped.Add(i);
                droppedSum += message.AboveThreshold[i];
                bytes = Write(message, id, kept, null, dropped, droppedSum);
                if (bytes.Length <= maxBytes)
                {
                    break;
                }
            }

            if (bytes.Length > maxBytes)
            {
                throw new ArgumentException($"even without any class the message needs {bytes.Length} bytes (limit {maxBytes})");
            }
        }

        dropped.Sort();
        return new SbdEncoding(bytes, winnersDropped, dropped);
    }

    /// <summary>Decodes a message; throws <see cref="TelemetryFormatException"/> for a bad checksum or layout.</summary>
    public static SbdMessage Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2 + 4)
        {
            throw new TelemetryFormatException("message", $"{data.Length} bytes is too short for a message");
        }

        var body = data[..^4];
        var expected = BinaryPrimitives.ReadUInt32LittleEndian(data[^4..]);
        if (Crc32.Compute(body) != expected)
        {
            throw new TelemetryFormatException("checksum", "CRC-32 does not match: the message is corrupt");
        }

        if (body[0] != MagicVersion)
        {
            throw new TelemetryFormatException("version", $"byte 0 is 0x{body[0]:X2}; this reader knows 0x{MagicVersion:X2} (version 1)");
        }

        var flags = body[1];
        if ((flags & ~(FlagMl | FlagWinners | FlagTruncated | FlagV1Id)) != 0)
        {
            throw new TelemetryFormatException("flags", $"unknown flag bits 0x{flags:X2}");
        }

        var offset = 2;
        var seconds = Varint.Read(body, ref offset, "sample time");
        var instrument = Varint.Read(body, ref offset, "instrument");
        var ml = (flags & FlagMl) != 0 ? Varint.Read(body, ref offset, "ml_analyzed") / 1000.0 : double.NaN;
        var rois = Checked(Varint.Read(body, ref offset, "roi count"), "roi count");
        if (offset + 4 > body.Length)
        {
            throw new TelemetryFormatException("model hash", "message ends inside the model hash");
        }

        var hash = Convert.ToHexStringLower(body.Slice(offset, 4));
        offset += 4;
        var classes = Checked(Varint.Read(body, ref offset, "class count"), "class count");
        if (classes > 65535)
        {
            throw new TelemetryFormatException("class count", $"{classes} classes is absurd");
        }

        var above = ReadSparse(body, ref offset, classes, "above-threshold counts");
        int[]? winners = null;
        if ((flags & FlagWinners) != 0)
        {
            var excess = ReadSparse(body, ref offset, classes, "winner counts");
            winners = [.. above.Zip(excess, (a, e) => a + e)];
        }

        int droppedClasses = 0, droppedCount = 0;
        if ((flags & FlagTruncated) != 0)
        {
            droppedClasses = Checked(Varint.Read(body, ref offset, "dropped classes"), "dropped classes");
            droppedCount = Checked(Varint.Read(body, ref offset, "dropped count"), "dropped count");
        }

        if (offset != body.Length)
        {
            throw new TelemetryFormatException("message", $"{body.Length - offset} unexpected bytes after the last field");
        }

        if (seconds > uint.MaxValue)
        {
            throw new TelemetryFormatException("sample time", "out of range");
        }

        var time = Epoch.AddSeconds(seconds);
        string lid;
        if ((flags & FlagV1Id) != 0)
        {
            lid = instrument <= 9
                ? string.Create(CultureInfo.InvariantCulture, $"IFCB{instrument}_{time:yyyy}_{time.DayOfYear:D3}_{time:HHmmss}")
                : throw new TelemetryFormatException("instrument", $"a v1 bin id has a one-digit instrument, not {instrument}");
        }
        else
        {
            lid = instrument <= 999
                ? string.Create(CultureInfo.InvariantCulture, $"D{time:yyyyMMdd}T{time:HHmmss}_IFCB{instrument:D3}")
                : throw new TelemetryFormatException("instrument", $"instrument {instrument} does not fit a bin id");
        }

        return new SbdMessage
        {
            Bin = lid,
            MlAnalyzed = ml,
            RoiCount = rois,
            ModelHash = hash,
            AboveThreshold = above,
            Winners = winners,
            DroppedClasses = droppedClasses,
            DroppedCount = droppedCount,
        };
    }

    private static byte[] Write(SbdMessage m, BinId id, List<int> kept, IReadOnlyList<int>? winners, List<int> dropped, int droppedSum)
    {
        var output = new List<byte>(MaxMobileOriginatedBytes) { MagicVersion, 0 };
        var flags = (byte)0;
        var seconds = (long)Math.Round((id.Timestamp - Epoch).TotalSeconds);
        if (seconds < 0)
        {
            throw new ArgumentException($"bin {m.Bin} is before 2000");
        }

        Varint.Write(output, (ulong)seconds);
        Varint.Write(output, (ulong)id.InstrumentNumber);
        if (id.Schema == Ifcb.Data.Adc.AdcSchema.V1)
        {
            flags |= FlagV1Id;
        }

        if (double.IsFinite(m.MlAnalyzed) && m.MlAnalyzed >= 0)
        {
            flags |= FlagMl;
            Varint.Write(output, (ulong)Math.Round(m.MlAnalyzed * 1000));
        }

        Varint.Write(output, (ulong)m.RoiCount);
        output.AddRange(Convert.FromHexString(ShortHash(m.ModelHash)));
        Varint.Write(output, (ulong)m.AboveThreshold.Count);
        WriteSparse(output, kept, i => m.AboveThreshold[i]);
        if (winners is not null)
        {
            flags |= FlagWinners;
            var excess = Enumerable.Range(0, winners.Count).Where(i => winners[i] > m.AboveThreshold[i]).ToList();
            WriteSparse(output, excess, i => winners[i] - m.AboveThreshold[i]);
        }

        if (dropped.Count > 0)
        {
            flags |= FlagTruncated;
            Varint.Write(output, (ulong)dropped.Count);
            Varint.Write(output, (ulong)droppedSum);
        }

        output[1] = flags;
        var crc = Crc32.Compute(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(output));
        Span<byte> tail = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(tail, crc);
        output.AddRange(tail);
        return [.. output];
    }

    private static void WriteSparse(List<byte> output, List<int> indices, Func<int, int> value)
    {
        Varint.Write(output, (ulong)indices.Count);
        var previous = -1;
        foreach (var i in indices.Order())
        {
            Varint.Write(output, (ulong)(i - previous - 1));
            Varint.Write(output, (ulong)value(i));
            previous = i;
        }
    }

    private static int[] ReadSparse(ReadOnlySpan<byte> body, ref int offset, int classes, string field)
    {
        var counts = new int[classes];
        var entries = Varint.Read(body, ref offset, field);
        if (entries > (ulong)classes)
        {
            throw new TelemetryFormatException(field, $"{entries} entries for {classes} classes");
        }

        var index = -1L;
        for (var e = 0UL; e < entries; e++)
        {
            index += (long)Math.Min(Varint.Read(body, ref offset, field), int.MaxValue) + 1;
            if (index >= classes)
            {
                throw new TelemetryFormatException(field, $"class index {index} is beyond the {classes} classes");
            }

            counts[index] = Checked(Varint.Read(body, ref offset, field), field);
        }

        return counts;
    }

    private static int Checked(ulong value, string field)
        => value <= int.MaxValue ? (int)value : throw new TelemetryFormatException(field, $"{value} is out of range");

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
