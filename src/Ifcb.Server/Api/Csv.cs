using System.Globalization;
using System.Text;

namespace Ifcb.Server.Api;

/// <summary>RFC 4180 CSV text: fields quoted only when they need it; numbers in invariant culture, round-trip.</summary>
internal static class Csv
{
    public static string Field(object? value) => value switch
    {
        null => "",
        double d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "",
        float f => float.IsFinite(f) ? f.ToString("R", CultureInfo.InvariantCulture) : "",
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(value.ToString() ?? ""),
    };

    public static string Quote(string text)
        => text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    public static void Row(StringBuilder sb, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(Field(values[i]));
        }

        sb.Append('\n');
    }
}
