using System.Text;

namespace Ifcb.Data.IO;

/// <summary>
/// The one CSV dialect of the repository (RFC 4180): comma-separated, a field holding a comma, a quote or a line
/// break is quoted, quotes inside are doubled. Lines are read one at a time, so a quoted line break is not
/// supported on reading (no file we read or write has one). Every reader and writer of a CSV file uses this.
/// </summary>
public static class Csv
{
    /// <summary>Splits one line into its fields, removing quotes (<c>"a,b",c</c> gives <c>a,b</c> and <c>c</c>).</summary>
    public static List<string> Split(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }

    /// <summary>The field as written: quoted (quotes doubled) when it holds a comma, a quote or a line break.</summary>
    public static string Quote(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }

    /// <summary>One line of fields, each quoted as needed (no line ending).</summary>
    public static string Line(IEnumerable<string> fields) => string.Join(',', fields.Select(Quote));
}
