using System.Globalization;
using System.IO.Compression;
using System.Text;
using Ifcb.Data.Adc;
using Ifcb.Data.Hdr;
using Ifcb.Data.IO;
using Ifcb.Data.Png;

namespace Ifcb.Data.Writing;

/// <summary>
/// pyifcb's bin zip (<c>bin2zip</c>, docs/ifcb-format.md §7): stored entries <c>metadata.json</c>, <c>{LID}_headers.json</c>,
/// <c>{LID}.csv</c> (the ADC as pandas writes it) and one PNG per image of the set, in target order.
/// </summary>
public static class BinZipWriter
{
    /// <summary>Writes <c>{directory}/{LID}.zip</c> atomically and returns its path.</summary>
    public static string WriteTo(Bin bin, string directory)
    {
        ArgumentNullException.ThrowIfNull(bin);
        var path = Path.Combine(directory, bin.Id.Lid + ".zip");
        AtomicFile.Write(path, s => Write(bin, s));
        return path;
    }

    /// <summary>Writes the zip to a stream.</summary>
    public static void Write(Bin bin, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(bin);
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
        var stamp = new DateTimeOffset(bin.Id.Timestamp.UtcDateTime, TimeSpan.Zero);
        Add(zip, "metadata.json", Encoding.UTF8.GetBytes(MetadataJson(bin)), stamp);
        Add(zip, bin.Id.Lid + "_headers.json", Encoding.UTF8.GetBytes(HeadersJson(bin.Header)), stamp);
        Add(zip, bin.Id.Lid + ".csv", Encoding.UTF8.GetBytes(AdcCsv(bin.Adc)), stamp);
        foreach (var target in bin.Images)
        {
            var pixels = bin.ReadImage(target, out var w, out var h);
            Add(zip, bin.RoiId(target) + ".png", GrayPng.Encode(pixels, w, h), stamp);
        }
    }

    /// <summary><c>{"lid": ..., "schema": 1|2, "timestamp": "...+00:00"}</c>.</summary>
    public static string MetadataJson(Bin bin)
    {
        ArgumentNullException.ThrowIfNull(bin);
        return PythonJson.Object(
        [
            new("lid", bin.Id.Lid),
            new("schema", (long)bin.Id.SchemaVersion),
            new("timestamp", bin.Id.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture)),
        ]);
    }

    /// <summary>The header dict as <c>json.dumps</c> writes it.</summary>
    public static string HeadersJson(HeaderFile header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return PythonJson.Object(header.Entries);
    }

    /// <summary>
    /// The ADC as pandas <c>to_csv(header=False, index=False)</c> writes it: a column whose cells are all integer
    /// literals prints as integers, any other column as Python floats (<c>.31</c> becomes <c>0.31</c>, <c>-999</c> in a
    /// float column <c>-999.0</c>), missing cells empty, lines ending in <c>\n</c>.
    /// </summary>
    public static string AdcCsv(AdcFile adc)
    {
        ArgumentNullException.ThrowIfNull(adc);
        if (adc.Count == 0)
        {
            return "";
        }

        var columns = adc.Rows.Max(r => r.ColumnCount);
        var intColumn = new bool[columns];
        Array.Fill(intColumn, true);
        foreach (var row in adc.Rows)
        {
            var cells = row.RawLine.Split(',');
            for (var c = 0; c < columns; c++)
            {
                if (c >= row.ColumnCount || !IsIntegerLiteral(cells[c]))
                {
                    intColumn[c] = false;
                }
            }
        }

        var sb = new StringBuilder();
        foreach (var row in adc.Rows)
        {
            for (var c = 0; c < columns; c++)
            {
                if (c > 0)
                {
                    sb.Append(',');
                }

                var v = row[c];
                if (double.IsNaN(v))
                {
                    continue; // pandas writes missing values as empty cells
                }

                sb.Append(intColumn[c] ? ((long)v).ToString(CultureInfo.InvariantCulture) : PythonFloat.Repr(v));
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static bool IsIntegerLiteral(string cell)
    {
        var s = cell.AsSpan().Trim();
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            s = s[1..];
        }

        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var ch in s)
        {
            if (!char.IsAsciiDigit(ch))
            {
                return false;
            }
        }

        return true;
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes, DateTimeOffset stamp)
    {
        // NoCompression makes .NET write the entry with method 0 (stored), as pyifcb's ZIP_STORED.
        var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
        entry.LastWriteTime = stamp.Year < 1980 ? new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero) : stamp;
        using var s = entry.Open();
        s.Write(bytes);
    }
}
