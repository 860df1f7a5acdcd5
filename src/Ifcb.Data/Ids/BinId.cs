using System.Globalization;
using Ifcb.Data.Adc;

namespace Ifcb.Data.Ids;

/// <summary>
/// The identifier (LID) of one bin, for example <c>D20130526T095207_IFCB013</c> or <c>IFCB5_2012_028_081515</c>.
/// Equality is by LID text.
/// </summary>
public sealed class BinId : IEquatable<BinId>, IComparable<BinId>
{
    internal BinId(string lid, DateTimeOffset timestamp, int instrumentNumber, AdcSchema schema)
    {
        Lid = lid;
        Timestamp = timestamp;
        InstrumentNumber = instrumentNumber;
        Schema = schema;
    }

    /// <summary>The bin LID, without path, target, product or extension.</summary>
    public string Lid { get; }

    /// <summary>The sample time encoded in the id (UTC).</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The instrument number (5 for <c>IFCB5</c>, 13 for <c>IFCB013</c>).</summary>
    public int InstrumentNumber { get; }

    /// <summary>The instrument name without zero padding, for example <c>IFCB13</c>.</summary>
    public string Instrument => "IFCB" + InstrumentNumber.ToString(CultureInfo.InvariantCulture);

    /// <summary>The ADC schema implied by the id scheme.</summary>
    public AdcSchema Schema { get; }

    /// <summary>The schema version number (1 or 2), as pyifcb's <c>schema_version</c>.</summary>
    public int SchemaVersion => (int)Schema;

    /// <summary>Parses a bin id out of a pid: leading paths, target, product and extension are allowed and dropped.</summary>
    public static BinId Parse(string text) => Pid.Parse(text).Bin;

    /// <summary>Like <see cref="Parse"/>, returning false instead of throwing.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BinId? id)
    {
        if (Pid.TryParse(text, out var pid, out _))
        {
            id = pid.Bin;
            return true;
        }

        id = null;
        return false;
    }

    /// <summary>The ROI id of a target: <c>{LID}_{target:05d}</c>.</summary>
    public string RoiId(int target) => FormatRoiId(Lid, target);

    /// <summary>
    /// The ROI id <c>{LID}_{target:05d}</c> of <paramref name="target"/> in the bin <paramref name="lid"/>: the one place
    /// the format is written (docs/ifcb-format.md §1); <see cref="Pid"/> parses it back.
    /// </summary>
    public static string FormatRoiId(string lid, int target) => lid + "_" + target.ToString("D5", CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public bool Equals(BinId? other) => other is not null && string.Equals(Lid, other.Lid, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as BinId);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Lid);

    /// <summary>Orders by timestamp, then by LID (the order directory listings use).</summary>
    public int CompareTo(BinId? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = Timestamp.CompareTo(other.Timestamp);
        return c != 0 ? c : string.CompareOrdinal(Lid, other.Lid);
    }

    /// <summary>The LID.</summary>
    public override string ToString() => Lid;

    /// <summary>Equality by LID.</summary>
    public static bool operator ==(BinId? left, BinId? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality by LID.</summary>
    public static bool operator !=(BinId? left, BinId? right) => !(left == right);

    /// <summary>Earlier in time (then LID).</summary>
    public static bool operator <(BinId? left, BinId? right) => Compare(left, right) < 0;

    /// <summary>Earlier or equal.</summary>
    public static bool operator <=(BinId? left, BinId? right) => Compare(left, right) <= 0;

    /// <summary>Later in time (then LID).</summary>
    public static bool operator >(BinId? left, BinId? right) => Compare(left, right) > 0;

    /// <summary>Later or equal.</summary>
    public static bool operator >=(BinId? left, BinId? right) => Compare(left, right) >= 0;

    private static int Compare(BinId? left, BinId? right) => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);
}
