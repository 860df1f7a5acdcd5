using System.Globalization;
using System.Text;
using Ifcb.Data.Adc;
using Ifcb.Data.Ids;
using Ifcb.Data.IO;

namespace Ifcb.Data.Writing;

/// <summary>
/// Writes raw bins (docs/ifcb-format.md §4 writer): images back-to-back from byte 0 (v2) or between two NUL pads (v1),
/// start bytes in the ADC lines set to where each image lands. Each of the three files is written atomically.
/// </summary>
public static class BinWriter
{
    /// <summary>Writes a bin into <paramref name="directory"/> and returns its files.</summary>
    /// <param name="directory">Output directory (created if needed).</param>
    /// <param name="id">The bin id (decides v1 or v2 layout).</param>
    /// <param name="header">The .hdr bytes, written as they are.</param>
    /// <param name="targets">ADC lines in target order, with their pixels.</param>
    /// <param name="newline">The ADC line ending (the instrument writes <c>\r\n</c>).</param>
    /// <param name="finalNewline">Whether the last ADC line ends with <paramref name="newline"/>.</param>
    public static BinFiles Write(string directory, BinId id, ReadOnlySpan<byte> header, IReadOnlyList<TargetRecord> targets,
        string newline = "\n", bool finalNewline = true)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(targets);
        var basePath = Path.Combine(directory, id.Lid);
        var files = new BinFiles(id, basePath + ".hdr", basePath + ".adc", basePath + ".roi");
        var startColumn = AdcColumns.RoiX(id.Schema) + 4;
        var pad = id.Schema == AdcSchema.V1 ? 1L : 0L;

        var adc = new StringBuilder();
        var offset = pad;
        for (var i = 0; i < targets.Count; i++)
        {
            var t = targets[i];
            var line = t.AdcLine;
            if (!t.Pixels.IsEmpty)
            {
                line = WithStartByte(line, startColumn, offset);
                offset += t.Pixels.Length;
            }

            adc.Append(line);
            if (i < targets.Count - 1 || finalNewline)
            {
                adc.Append(newline);
            }
        }

        AtomicFile.WriteAllBytes(files.HdrPath, header);
        AtomicFile.WriteAllBytes(files.AdcPath, Encoding.Latin1.GetBytes(adc.ToString()));
        AtomicFile.Write(files.RoiPath, stream =>
        {
            if (pad > 0)
            {
                stream.WriteByte(0);
            }

            foreach (var t in targets)
            {
                stream.Write(t.Pixels.Span);
            }

            if (pad > 0)
            {
                stream.WriteByte(0);
            }
        });
        return files;
    }

    /// <summary>
    /// Rewrites an open bin into <paramref name="directory"/> from its parsed parts: header bytes, ADC lines (with
    /// their original line ending) and raw (unstitched) images. A contiguous bin comes out byte-identical.
    /// </summary>
    public static BinFiles Rewrite(Bin bin, string directory)
    {
        ArgumentNullException.ThrowIfNull(bin);
        var header = File.ReadAllBytes(bin.Files.HdrPath);
        var adcBytes = File.ReadAllBytes(bin.Files.AdcPath);
        var newline = adcBytes.AsSpan().IndexOf("\r\n"u8) >= 0 ? "\r\n" : "\n";
        var finalNewline = adcBytes.Length > 0 && adcBytes[^1] == (byte)'\n';
        var targets = new List<TargetRecord>(bin.Adc.Count);
        foreach (var row in bin.Adc.Rows)
        {
            var pixels = bin.Roi.HasImage(row.Target) ? bin.Roi.ReadImage(row.Target) : [];
            targets.Add(new TargetRecord(row.RawLine, pixels));
        }

        return Write(directory, bin.Id, header, targets, newline, finalNewline);
    }

    /// <summary>Replaces the start-byte cell of an ADC line, keeping the text as it is when the value already agrees.</summary>
    public static string WithStartByte(string line, int column, long startByte)
    {
        ArgumentNullException.ThrowIfNull(line);
        var cells = line.Split(',');
        if (column >= cells.Length)
        {
            throw new ArgumentException($"ADC line has {cells.Length} cells; no start byte column {column}", nameof(line));
        }

        if (double.TryParse(cells[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var current) && current == startByte)
        {
            return line;
        }

        cells[column] = startByte.ToString(CultureInfo.InvariantCulture);
        return string.Join(',', cells);
    }
}
