using System.Globalization;
using Ifcb.Data.Ids;

namespace Ifcb.Data.Directories;

/// <summary>Which bins a listing keeps: a date range (inclusive days, UTC), instruments and an id list.</summary>
public sealed record BinFilter
{
    /// <summary>Keep everything.</summary>
    public static BinFilter None { get; } = new();

    /// <summary>First day kept (UTC), or null.</summary>
    public DateOnly? Since { get; init; }

    /// <summary>Last day kept (UTC, inclusive), or null.</summary>
    public DateOnly? Until { get; init; }

    /// <summary>Instrument numbers kept (empty: all).</summary>
    public IReadOnlySet<int> Instruments { get; init; } = new HashSet<int>();

    /// <summary>LIDs kept (null: all).</summary>
    public IReadOnlySet<string>? Ids { get; init; }

    /// <summary>True when the bin passes every criterion.</summary>
    public bool Matches(BinId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var day = DateOnly.FromDateTime(id.Timestamp.UtcDateTime);
        return (Since is not { } s || day >= s)
            && (Until is not { } u || day <= u)
            && (Instruments.Count == 0 || Instruments.Contains(id.InstrumentNumber))
            && (Ids is null || Ids.Contains(id.Lid));
    }

    /// <summary>Parses an instrument name: <c>IFCB13</c>, <c>IFCB013</c>, <c>ifcb5</c> or <c>13</c>.</summary>
    public static bool TryParseInstrument(string text, out int number)
    {
        ArgumentNullException.ThrowIfNull(text);
        var digits = text.StartsWith("IFCB", StringComparison.OrdinalIgnoreCase) ? text[4..] : text;
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>Reads an id list file: one LID (or bin path/pid) per line; blank lines and <c>#</c> comments skipped.</summary>
    public static IReadOnlySet<string> ReadIdList(string path)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (!Pid.TryParse(line, out var pid, out var reason))
            {
                throw new IfcbDataException(path, reason, line: lineNumber);
            }

            ids.Add(pid.Bin.Lid);
        }

        return ids;
    }
}
