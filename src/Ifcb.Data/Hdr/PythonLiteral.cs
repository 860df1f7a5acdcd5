using System.Globalization;
using System.Text.RegularExpressions;

namespace Ifcb.Data.Hdr;

/// <summary>
/// The part of Python's <c>ast.literal_eval</c> that header values use: ints (decimal, hex, octal, binary,
/// with <c>_</c> separators), floats, <c>True</c>/<c>False</c>/<c>None</c> and simple quoted strings.
/// Anything else stays a string, as pyifcb keeps it when evaluation fails.
/// </summary>
public static partial class PythonLiteral
{
    /// <summary>Evaluates <paramref name="text"/>: a <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>, null, or the string itself.</summary>
    public static object? Evaluate(string text)
    {
        var s = text.TrimStart(' ', '\t');
        switch (s)
        {
            case "True":
                return true;
            case "False":
                return false;
            case "None":
                return null;
        }

        if (s.Length >= 2 && (s[0] == '\'' || s[0] == '"') && s[^1] == s[0] && s.IndexOf(s[0], 1) == s.Length - 1 && !s.Contains('\\', StringComparison.Ordinal))
        {
            return s[1..^1];
        }

        var m = IntRegex().Match(s);
        if (m.Success)
        {
            var negative = m.Groups[1].Value == "-";
            var body = m.Groups[2].Value.Replace("_", "", StringComparison.Ordinal);
            var (digits, radix) = body.Length > 1 && body[0] == '0' && char.IsAsciiLetter(body[1])
                ? (body[2..], char.ToLowerInvariant(body[1]) switch { 'x' => 16, 'o' => 8, _ => 2 })
                : (body, 10);
            if (TryParseRadix(digits, radix, out var magnitude))
            {
                return negative ? -magnitude : magnitude;
            }

            return text; // beyond 64 bits: keep the text rather than lose digits
        }

        if (FloatRegex().IsMatch(s))
        {
            // The pattern may accept what double.Parse does not (e.g. non-ASCII digits): keep the text then, as
            // pyifcb keeps a value literal_eval rejects.
            var clean = s.Replace("_", "", StringComparison.Ordinal);
            return double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : text;
        }

        return text;
    }

    private static bool TryParseRadix(string digits, int radix, out long value)
    {
        value = 0;
        foreach (var c in digits)
        {
            var d = c <= '9' ? c - '0' : char.ToLowerInvariant(c) - 'a' + 10;
            if (value > (long.MaxValue - d) / radix)
            {
                return false;
            }

            value = value * radix + d;
        }

        return true;
    }

    [GeneratedRegex(@"^([+-]?)\s*([1-9](?:_?[0-9])*|0(?:_?0)*|0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntRegex();

    [GeneratedRegex(@"^[+-]?\s*(?:(?:[0-9](?:_?[0-9])*)?\.[0-9](?:_?[0-9])*|[0-9](?:_?[0-9])*\.)(?:[eE][+-]?[0-9](?:_?[0-9])*)?$|^[+-]?\s*[0-9](?:_?[0-9])*[eE][+-]?[0-9](?:_?[0-9])*$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatRegex();
}
