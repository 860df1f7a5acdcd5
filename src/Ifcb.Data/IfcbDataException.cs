namespace Ifcb.Data;

/// <summary>
/// The one exception for malformed or unreadable IFCB data. It always names the file and, where known,
/// the line (1-based, as an editor shows it) or the ROI target, and a reason a person can act on.
/// </summary>
public sealed class IfcbDataException : Exception
{
    /// <summary>Creates an exception for <paramref name="path"/> with a reason.</summary>
    public IfcbDataException(string path, string reason, int? line = null, int? target = null, Exception? inner = null)
        : base(Format(path, reason, line, target), inner)
    {
        FilePath = path;
        Reason = reason;
        Line = line;
        Target = target;
    }

    /// <summary>The file (or bin id) at fault.</summary>
    public string FilePath { get; }

    /// <summary>Why it is at fault, without the location.</summary>
    public string Reason { get; }

    /// <summary>The 1-based line of a text file, when the fault is on one line.</summary>
    public int? Line { get; }

    /// <summary>The ROI target number, when the fault concerns one image.</summary>
    public int? Target { get; }

    private static string Format(string path, string reason, int? line, int? target)
    {
        var where = path;
        if (line is int l)
        {
            where += $":{l}";
        }

        if (target is int t)
        {
            where += $" (target {t})";
        }

        return $"{where}: {reason}";
    }
}
