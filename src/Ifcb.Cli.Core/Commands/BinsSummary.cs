using System.Globalization;
using System.Text.Json;
using Ifcb.Data;
using Ifcb.Data.Directories;

namespace Ifcb.Cli.Commands;

/// <summary>One row of <c>bins list</c>: what a bin is and whether it is sound.</summary>
internal sealed record BinsSummary(string Id, DateTimeOffset Time, string Instrument, int Schema, long? Triggers, int? Images,
    double? MlAnalyzed, long Size, IReadOnlyList<string> Problems)
{
    /// <summary>Opens the bin (if complete) and summarises it; an unreadable bin becomes a row whose problems say why.</summary>
    public static BinsSummary Of(DiscoveredBin found)
    {
        var id = found.Id;
        if (!found.IsComplete)
        {
            return new(id.Lid, id.Timestamp, id.Instrument, id.SchemaVersion, null, null, null, found.FileSize, found.Problems);
        }

        try
        {
            using var bin = Bin.Open(found.Files);
            var ml = bin.MlAnalyzed;
            return new(id.Lid, id.Timestamp, id.Instrument, id.SchemaVersion, bin.TriggerCount, bin.ImageCount,
                double.IsFinite(ml) ? ml : null, bin.FileSize, bin.Problems);
        }
        catch (IfcbDataException ex)
        {
            return new(id.Lid, id.Timestamp, id.Instrument, id.SchemaVersion, null, null, null, found.FileSize, [ex.Message]);
        }
    }

    /// <summary>The ISO 8601 UTC time.</summary>
    public string TimeText => Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Writes the row as a JSON object with snake_case keys.</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("id", Id);
        w.WriteString("time", TimeText);
        w.WriteString("instrument", Instrument);
        w.WriteNumber("schema", Schema);
        WriteNullable(w, "triggers", Triggers);
        WriteNullable(w, "images", Images);
        if (MlAnalyzed is double ml)
        {
            w.WriteNumber("ml_analyzed", ml);
        }
        else
        {
            w.WriteNull("ml_analyzed");
        }

        w.WriteNumber("size", Size);
        w.WriteStartArray("problems");
        foreach (var p in Problems)
        {
            w.WriteStringValue(p);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, long? value)
    {
        if (value is long v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
