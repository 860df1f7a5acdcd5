using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Ifcb.Data.Hdr;

/// <summary>
/// A parsed .hdr file: typed values (<see cref="long"/>, <see cref="double"/>, <see cref="bool"/>,
/// <see cref="string"/> or null, like pyifcb's <c>ast.literal_eval</c>), in first-seen key order, with
/// case-insensitive lookup. A duplicated key keeps its last value.
/// </summary>
public sealed class HeaderFile
{
    /// <summary>The key under which the descriptive first lines are stored.</summary>
    public const string ContextKey = "context";

    private readonly List<string> _keys = [];
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _caseless = new(StringComparer.OrdinalIgnoreCase);

    internal HeaderFile(string path, HeaderDialect dialect)
    {
        Path = path;
        Dialect = dialect;
    }

    /// <summary>The file this header was read from.</summary>
    public string Path { get; }

    /// <summary>The dialect that was recognised.</summary>
    public HeaderDialect Dialect { get; }

    /// <summary>The keys in first-seen order, exactly as written.</summary>
    public IReadOnlyList<string> Keys => _keys;

    /// <summary>The number of properties.</summary>
    public int Count => _keys.Count;

    /// <summary>The <c>context</c> text, or null when the dialect has none.</summary>
    public string? Context => TryGetValue(ContextKey, out var v) ? v as string : null;

    /// <summary>The value of a key (case-insensitive), or null when absent.</summary>
    public object? this[string key] => TryGetValue(key, out var v) ? v : null;

    /// <summary>The properties in key order.</summary>
    public IEnumerable<KeyValuePair<string, object?>> Entries => _keys.Select(k => new KeyValuePair<string, object?>(k, _values[k]));

    /// <summary>Looks a key up case-insensitively (pyifcb's <c>header()</c>).</summary>
    public bool TryGetValue(string key, out object? value)
    {
        if (_caseless.TryGetValue(key, out var actual))
        {
            value = _values[actual];
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>True when the key is present (case-insensitive).</summary>
    public bool ContainsKey(string key) => _caseless.ContainsKey(key);

    /// <summary>A numeric value (int, float or bool) as a double; false when absent or not a number.</summary>
    public bool TryGetDouble(string key, out double value)
    {
        value = double.NaN;
        if (!TryGetValue(key, out var v))
        {
            return false;
        }

        switch (v)
        {
            case double d:
                value = d;
                return true;
            case long l:
                value = l;
                return true;
            case bool b:
                value = b ? 1 : 0;
                return true;
            case string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed):
                value = parsed;
                return true;
            default:
                return false;
        }
    }

    /// <summary>A value as display text (invariant culture), or null when absent.</summary>
    public string? GetText(string key) => TryGetValue(key, out var v) ? FormatValue(v) : null;

    /// <summary>Formats a typed value for display.</summary>
    public static string FormatValue(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        double d => PythonFloat.Repr(d),
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    internal void Set(string key, object? value)
    {
        if (!_values.ContainsKey(key))
        {
            _keys.Add(key);
            // pyifcb builds its case-insensitive view over the dict in key order: among keys that differ
            // only by case, the one first seen last wins. A new key is always the last one seen.
            _caseless[key] = key;
        }

        _values[key] = value;
    }

    internal bool TryGetRaw(string key, [NotNullWhen(true)] out object? value)
    {
        if (_values.TryGetValue(key, out var v) && v is not null)
        {
            value = v;
            return true;
        }

        value = null;
        return false;
    }
}
