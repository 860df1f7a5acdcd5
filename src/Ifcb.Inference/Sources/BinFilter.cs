namespace Ifcb.Inference.Sources;

/// <summary>Which discovered bins to keep: a date range (inclusive, UTC days), instruments and an id list.</summary>
public sealed record BinFilter
{
    /// <summary>Keep bins sampled on or after this day.</summary>
    public DateOnly? Since { get; init; }

    /// <summary>Keep bins sampled on or before this day.</summary>
    public DateOnly? Until { get; init; }

    /// <summary>Keep only these instruments (e.g. <c>IFCB13</c>); empty keeps all.</summary>
    public IReadOnlySet<string> Instruments { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Keep only these bin ids; null keeps all.</summary>
    public IReadOnlySet<string>? Ids { get; init; }

    /// <summary>Whether <paramref name="bin"/> passes every criterion.</summary>
    public bool Matches(BinEntry bin)
    {
        ArgumentNullException.ThrowIfNull(bin);
        var day = DateOnly.FromDateTime(bin.Timestamp.UtcDateTime);
        return (Since is null || day >= Since)
            && (Until is null || day <= Until)
            && (Instruments.Count == 0 || Instruments.Contains(bin.Instrument))
            && (Ids is null || Ids.Contains(bin.Lid));
    }
}
