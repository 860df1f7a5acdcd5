using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ifcb.Data.Hdr;

/// <summary>Reads .hdr files in all three dialects (docs/ifcb-format.md §2; pyifcb <c>parse_hdr</c>).</summary>
public static partial class HeaderReader
{
    /// <summary>The first line of the "version 2.0; May 2010" dialect.</summary>
    public const string May2010FirstLine = "Imaging FlowCytobot Acquisition Software version 2.0; May 2010";

    // pyifcb's HDR_SCHEMA: the legacy columns by position, and the casts applied in every dialect.
    private static readonly (string Name, bool IsInt)[] HdrSchema =
    [
        ("temperature", false),
        ("humidity", false),
        ("binarizeThreshold", true),
        ("scatteringPhotomultiplierSetting", false),
        ("fluorescencePhotomultiplierSetting", false),
        ("blobSizeThreshold", true),
    ];

    /// <summary>Reads and parses a .hdr file.</summary>
    public static HeaderFile Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = IO.RawFile.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IfcbDataException(path, $"cannot read header: {ex.Message}", inner: ex);
        }

        // Header files are ASCII; Latin-1 maps every byte to one char, so odd bytes never fail decoding.
        return Parse(path, Encoding.Latin1.GetString(bytes));
    }

    /// <summary>Parses header text; <paramref name="path"/> is used in error messages.</summary>
    public static HeaderFile Parse(string path, string text)
    {
        var lines = SplitLines(text);
        if (lines.Count == 0)
        {
            return new HeaderFile(path, HeaderDialect.Empty);
        }

        HeaderFile header;
        if (lines[0] == May2010FirstLine)
        {
            header = new HeaderFile(path, HeaderDialect.Version2May2010);
            if (lines.Count > 1 && lines[1].StartsWith("Sample Date", StringComparison.Ordinal))
            {
                ParseAlt(header, lines);
            }
            else
            {
                header.Set(HeaderFile.ContextKey, lines[0]);
            }
        }
        else if (lines[0].StartsWith("softwareVersion:", StringComparison.Ordinal) || lines[0].StartsWith("SoftwareVersion:", StringComparison.Ordinal))
        {
            header = new HeaderFile(path, HeaderDialect.KeyValue);
            header.Set(HeaderFile.ContextKey, lines[0]);
            for (var i = 1; i < lines.Count; i++)
            {
                var line = lines[i];
                var sep = line.IndexOf(": ", StringComparison.Ordinal);
                // Exactly two parts when split on ": "; any other line is free text and ignored.
                if (sep < 0 || line.IndexOf(": ", sep + 2, StringComparison.Ordinal) >= 0)
                {
                    continue;
                }

                header.Set(line[..sep], PythonLiteral.Evaluate(line[(sep + 2)..]));
            }
        }
        else
        {
            header = new HeaderFile(path, HeaderDialect.Legacy);
            var contextLines = lines.Take(Math.Max(0, lines.Count - 2)).Select(l => l.Trim('"'));
            header.Set(HeaderFile.ContextKey, string.Join('\n', contextLines));
            if (lines.Count >= 6)
            {
                var values = SpacesRegex().Split(lines[^1].Replace('"', ' ').Replace(',', ' ').Trim());
                for (var i = 0; i < Math.Min(values.Length, HdrSchema.Length); i++)
                {
                    header.Set(HdrSchema[i].Name, values[i]);
                }
            }
        }

        ApplyCasts(header, lines.Count);
        return header;
    }

    private static void ParseAlt(HeaderFile header, List<string> lines)
    {
        foreach (var line in lines)
        {
            var m = RunTimeRegex().Match(line);
            if (m.Success && TryNumber(m, out var a, out var b))
            {
                header.Set("runTime", a);
                header.Set("inhibitTime", b);
                continue;
            }

            m = TemperatureRegex().Match(line);
            if (m.Success && TryNumber(m, out a, out b))
            {
                header.Set("temperature", a);
                header.Set("humidity", b);
            }
        }
    }

    private static bool TryNumber(Match m, out double a, out double b)
    {
        b = double.NaN;
        return double.TryParse(m.Groups[1].ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out a)
            && double.TryParse(m.Groups[2].ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out b);
    }

    private static void ApplyCasts(HeaderFile header, int lineCount)
    {
        foreach (var (name, isInt) in HdrSchema)
        {
            if (!header.TryGetRaw(name, out var value))
            {
                continue;
            }

            object? cast = (value, isInt) switch
            {
                (long l, false) => (double)l,
                (bool b, false) => b ? 1.0 : 0.0,
                (bool b, true) => b ? 1L : 0L,
                (double d, true) => double.IsFinite(d) ? (long)Math.Truncate(d) : null,
                (string s, false) => double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
                (string s, true) => long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : null,
                _ => value,
            };
            if (cast is null)
            {
                throw new IfcbDataException(header.Path, $"header value {name} = '{value}' is not {(isInt ? "an integer" : "a number")}",
                    line: header.Dialect == HeaderDialect.Legacy ? lineCount : null);
            }

            header.Set(name, cast);
        }
    }

    private static List<string> SplitLines(string text)
    {
        // Python's line iteration splits on \n (keeping \r, which rstrip removes); a lone \r is not a break.
        var lines = new List<string>();
        foreach (var range in text.AsSpan().Split('\n'))
        {
            lines.Add(text[range].TrimEnd());
        }

        // A final newline does not start another line.
        if (text.Length > 0 && text[^1] == '\n')
        {
            lines.RemoveAt(lines.Count - 1);
        }
        else if (text.Length == 0)
        {
            lines.Clear();
        }

        return lines;
    }

    [GeneratedRegex(" +")]
    private static partial Regex SpacesRegex();

    [GeneratedRegex(@"^run time = ([0-9.]+) s\s+inhibit time = ([0-9.]+)", RegexOptions.CultureInvariant)]
    private static partial Regex RunTimeRegex();

    [GeneratedRegex(@"^([0-9.]+) temperature,\s+([0-9.]+) humidity", RegexOptions.CultureInvariant)]
    private static partial Regex TemperatureRegex();
}
