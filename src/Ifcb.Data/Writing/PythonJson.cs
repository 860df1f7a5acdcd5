using System.Globalization;
using System.Text;
using Ifcb.Data.Hdr;

namespace Ifcb.Data.Writing;

/// <summary>Writes JSON byte-for-byte as Python's <c>json.dumps</c> does with its defaults (", " and ": ", ASCII only).</summary>
public static class PythonJson
{
    /// <summary>Serialises ordered key/value pairs as a JSON object.</summary>
    public static string Object(IEnumerable<KeyValuePair<string, object?>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var sb = new StringBuilder("{");
        var first = true;
        foreach (var (key, value) in entries)
        {
            if (!first)
            {
                sb.Append(", ");
            }

            first = false;
            AppendString(sb, key);
            sb.Append(": ");
            AppendValue(sb, value);
        }

        return sb.Append('}').ToString();
    }

    /// <summary>Appends one value: string, long, int, double, bool or null.</summary>
    public static void AppendValue(StringBuilder sb, object? value)
    {
        ArgumentNullException.ThrowIfNull(sb);
        switch (value)
        {
            case null:
                sb.Append("null");
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case long l:
                sb.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case int i:
                sb.Append(i.ToString(CultureInfo.InvariantCulture));
                break;
            case double d when double.IsNaN(d):
                sb.Append("NaN");
                break;
            case double d when double.IsInfinity(d):
                sb.Append(d > 0 ? "Infinity" : "-Infinity");
                break;
            case double d:
                sb.Append(PythonFloat.Repr(d));
                break;
            default:
                AppendString(sb, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                break;
        }
    }

    /// <summary>Appends a quoted string with Python's <c>ensure_ascii</c> escaping.</summary>
    public static void AppendString(StringBuilder sb, string s)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(s);
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                default:
                    if (c < 0x20 || c > 0x7E)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
