using System.Globalization;
using System.Text;

namespace Ifcb.Data.Adc;

/// <summary>
/// A parsed .adc file (docs/ifcb-format.md §3): one <see cref="AdcRow"/> per non-blank line, CRLF or LF, v1 trailing
/// comma dropped, numbers in invariant culture, extra columns kept.
/// </summary>
public sealed class AdcFile
{
    private AdcFile(string path, AdcSchema schema, AdcRow[] rows)
    {
        Path = path;
        Schema = schema;
        Rows = rows;
    }

    /// <summary>The file this was read from.</summary>
    public string Path { get; }

    /// <summary>The column layout.</summary>
    public AdcSchema Schema { get; }

    /// <summary>The rows; <c>Rows[t - 1]</c> is target t.</summary>
    public IReadOnlyList<AdcRow> Rows { get; }

    /// <summary>The number of lines (targets).</summary>
    public int Count => Rows.Count;

    /// <summary>The last line's trigger number, or 0 for an empty file (pyifcb <c>n_triggers</c>).</summary>
    public long TriggerCount => Rows.Count == 0 ? 0 : Rows[^1].Trigger;

    /// <summary>The row of a target (1-based).</summary>
    public AdcRow this[int target] => Rows[target - 1];

    /// <summary>The distinct column counts in file order (normally one).</summary>
    public IReadOnlyList<int> ColumnCounts => Rows.Select(r => r.ColumnCount).Distinct().ToArray();

    /// <summary>Reads and parses an .adc file.</summary>
    public static AdcFile Read(string path, AdcSchema schema)
    {
        byte[] bytes;
        try
        {
            bytes = IO.RawFile.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IfcbDataException(path, $"cannot read ADC file: {ex.Message}", inner: ex);
        }

        return Parse(path, bytes, schema);
    }

    /// <summary>Parses ADC bytes; <paramref name="path"/> is used in error messages.</summary>
    public static AdcFile Parse(string path, ReadOnlySpan<byte> content, AdcSchema schema)
    {
        var rows = new List<AdcRow>(content.Length / 128 + 1);
        var minimum = AdcColumns.MinimumColumns(schema);
        var xColumn = AdcColumns.RoiX(schema);
        var lineNumber = 0;
        var cells = new List<double>(32);
        while (content.Length > 0 || lineNumber == 0)
        {
            lineNumber++;
            var nl = content.IndexOf((byte)'\n');
            var line = nl >= 0 ? content[..nl] : content;
            content = nl >= 0 ? content[(nl + 1)..] : [];
            if (line.Length > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (line.Trim(" \t\r"u8).IsEmpty)
            {
                if (content.IsEmpty)
                {
                    break;
                }

                continue;
            }

            cells.Clear();
            var rest = line;
            var column = 0;
            while (true)
            {
                var comma = rest.IndexOf((byte)',');
                var cell = comma >= 0 ? rest[..comma] : rest;
                var last = comma < 0;
                if (last && cell.Trim(" \t"u8).IsEmpty && column > 0 && schema == AdcSchema.V1)
                {
                    break; // v1 lines end with a comma: the empty final cell is not a column
                }

                if (cell.Trim(" \t"u8).IsEmpty)
                {
                    cells.Add(double.NaN);
                }
                else if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    cells.Add(value);
                }
                else
                {
                    throw new IfcbDataException(path,
                        $"column {column + 1} ({AdcColumns.Name(schema, column)}) is not a number: '{Shorten(cell)}'", line: lineNumber);
                }

                column++;
                if (last)
                {
                    break;
                }

                rest = rest[(comma + 1)..];
            }

            if (cells.Count < minimum)
            {
                throw new IfcbDataException(path,
                    $"line has {cells.Count} columns; a {schema} ADC line needs at least {minimum} (up to start_byte)", line: lineNumber);
            }

            var values = cells.ToArray();
            var target = rows.Count + 1;
            rows.Add(new AdcRow(target, lineNumber, Encoding.Latin1.GetString(line), values,
                Integer(path, lineNumber, schema, values, AdcColumns.Trigger),
                (int)Math.Clamp(Integer(path, lineNumber, schema, values, xColumn), int.MinValue, int.MaxValue),
                (int)Math.Clamp(Integer(path, lineNumber, schema, values, xColumn + 1), int.MinValue, int.MaxValue),
                Integer(path, lineNumber, schema, values, xColumn + 2),
                Integer(path, lineNumber, schema, values, xColumn + 3),
                Integer(path, lineNumber, schema, values, xColumn + 4)));
            if (content.IsEmpty)
            {
                break;
            }
        }

        return new AdcFile(path, schema, [.. rows]);
    }

    private static long Integer(string path, int line, AdcSchema schema, double[] values, int column)
    {
        var v = values[column];
        // 2^53: beyond it doubles no longer hold every integer, and no real ADC value comes near it.
        if (!double.IsFinite(v) || v != Math.Floor(v) || Math.Abs(v) > 9007199254740992d)
        {
            throw new IfcbDataException(path,
                $"column {column + 1} ({AdcColumns.Name(schema, column)}) must be an integer, not {v.ToString(CultureInfo.InvariantCulture)}", line: line);
        }

        return (long)v;
    }

    private static string Shorten(ReadOnlySpan<byte> cell)
    {
        var text = Encoding.Latin1.GetString(cell.Length > 40 ? cell[..40] : cell);
        return cell.Length > 40 ? text + "..." : text;
    }
}
