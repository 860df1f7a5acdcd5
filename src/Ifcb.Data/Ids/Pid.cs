using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Ifcb.Data.Adc;

namespace Ifcb.Data.Ids;

/// <summary>
/// A parsed IFCB permanent identifier: an optional namespace (path or URL prefix), the bin id, and the
/// optional suffixes <c>_&lt;target&gt;</c>, <c>_&lt;product&gt;</c> and <c>.&lt;ext&gt;</c> (pyifcb's <c>parse</c>).
/// </summary>
public sealed partial class Pid
{
    private Pid(string @namespace, BinId bin, int? target, string? product, string? extension)
    {
        Namespace = @namespace;
        Bin = bin;
        Target = target;
        Product = product;
        Extension = extension;
    }

    /// <summary>The stripped leading path or URL (with its trailing separator), or empty.</summary>
    public string Namespace { get; }

    /// <summary>The bin.</summary>
    public BinId Bin { get; }

    /// <summary>The target (ROI) number, when the pid names one ROI.</summary>
    public int? Target { get; }

    /// <summary>The product name (<c>class_v1</c>, <c>fea_v2</c>...), or null for raw data.</summary>
    public string? Product { get; }

    /// <summary>The extension without its dot, or null.</summary>
    public string? Extension { get; }

    /// <summary>Parses a pid; throws <see cref="IfcbDataException"/> naming the text and the reason.</summary>
    public static Pid Parse(string text)
    {
        if (TryParse(text, out var pid, out var reason))
        {
            return pid;
        }

        throw new IfcbDataException(text ?? "(null)", reason);
    }

    /// <summary>Parses a pid, returning false and a reason when it is not valid.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Pid? pid, out string reason)
    {
        pid = null;
        if (string.IsNullOrEmpty(text))
        {
            reason = "empty bin id";
            return false;
        }

        // pyifcb strips Windows directories first, then any path or URL prefix.
        var windows = text.LastIndexOf('\\');
        var rest = windows >= 0 ? text[(windows + 1)..] : text;
        var slash = rest.LastIndexOf('/');
        var ns = slash >= 0 ? rest[..(slash + 1)] : "";
        var suffix = slash >= 0 ? rest[(slash + 1)..] : rest;

        BinId bin;
        string tpe;
        var m2 = V2Regex().Match(suffix);
        if (m2.Success)
        {
            if (!TryDate(G(m2, 1), G(m2, 2), G(m2, 3), G(m2, 4), G(m2, 5), G(m2, 6), out var ts))
            {
                reason = $"'{suffix}' has an impossible date";
                return false;
            }

            bin = new BinId(suffix[..m2.Length], ts, G(m2, 7), AdcSchema.V2);
            tpe = suffix[m2.Length..];
        }
        else
        {
            var m1 = V1Regex().Match(suffix);
            if (!m1.Success)
            {
                reason = $"'{suffix}' is not an IFCB bin id (expected DyyyymmddTHHMMSS_IFCBnnn or IFCBn_yyyy_ddd_HHMMSS)";
                return false;
            }

            var year = G(m1, 2);
            var dayOfYear = G(m1, 3);
            if (dayOfYear < 1 || dayOfYear > (DateTime.IsLeapYear(Math.Max(1, year)) ? 366 : 365) || year < 1)
            {
                reason = $"'{suffix}' has day of year {dayOfYear:D3}, outside year {year}";
                return false;
            }

            var ts = new DateTimeOffset(year, 1, 1, G(m1, 4), G(m1, 5), G(m1, 6), TimeSpan.Zero).AddDays(dayOfYear - 1);
            bin = new BinId(suffix[..m1.Length], ts, G(m1, 1), AdcSchema.V1);
            tpe = suffix[m1.Length..];
        }

        if (tpe.Length == 0)
        {
            pid = new Pid(ns, bin, null, null, null);
            reason = "";
            return true;
        }

        var s = SuffixRegex().Match(tpe);
        if (!s.Success || tpe.Length < 2)
        {
            reason = $"'{suffix}': '{tpe}' is not a valid target, product or extension suffix";
            return false;
        }

        int? target = null;
        if (s.Groups[1].Success)
        {
            if (!int.TryParse(s.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                reason = $"'{suffix}': target number '{s.Groups[1].Value}' is too large";
                return false;
            }

            target = t;
        }

        pid = new Pid(ns, bin, target,
            s.Groups[2].Success ? s.Groups[2].Value : null,
            s.Groups[3].Success ? s.Groups[3].Value : null);
        reason = "";
        return true;
    }

    /// <summary>The pid without namespace, in canonical form (targets zero-padded to 5 digits).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(Bin.Lid);
        if (Target is int t)
        {
            sb.Clear().Append(BinId.FormatRoiId(Bin.Lid, t));
        }

        if (Product is not null)
        {
            sb.Append('_').Append(Product);
        }

        if (Extension is not null)
        {
            sb.Append('.').Append(Extension);
        }

        return sb.ToString();
    }

    private static int G(Match m, int group) => int.Parse(m.Groups[group].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

    private static bool TryDate(int y, int mo, int d, int h, int mi, int s, out DateTimeOffset ts)
    {
        ts = default;
        if (y < 1 || d > DateTime.DaysInMonth(y, mo))
        {
            return false;
        }

        ts = new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.Zero);
        return true;
    }

    // The strict pyifcb / ifcbdb patterns (ASCII digits only, hence [0-9] rather than \d).
    [GeneratedRegex("^D([0-9]{4})(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3])([0-5][0-9])([0-5][0-9])_IFCB([0-9]{3})", RegexOptions.CultureInvariant)]
    private static partial Regex V2Regex();

    [GeneratedRegex("^IFCB([0-9])_([0-9]{4})_([0-3][0-9][0-9])_([01][0-9]|2[0-3])([0-5][0-9])([0-5][0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex V1Regex();

    [GeneratedRegex("^(?:_([0-9]+))?(?:_([a-zA-Z][a-zA-Z0-9_]*))?(?:\\.([a-zA-Z][a-zA-Z0-9]*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex SuffixRegex();
}
