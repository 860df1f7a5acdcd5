using System.Globalization;
using System.Text;
using Ifcb.Data.IO;

namespace Ifcb.Inference.Summary;

/// <summary>A run summary read back (all shards merged): classes and per-bin counts, with its exports.</summary>
public sealed class SummaryTable(IReadOnlyList<string> labels, IReadOnlyList<SummaryTable.Row> rows)
{
    /// <summary>Class labels in model order.</summary>
    public IReadOnlyList<string> Labels { get; } = labels;

    /// <summary>Bins by time then id.</summary>
    public IReadOnlyList<Row> Rows { get; } = rows;

    /// <summary>
    /// The wide table: <c>bin,timestamp,instrument,roi_count,ml_analyzed,&lt;class...&gt;</c>, the cells being winner counts,
    /// or counts above threshold, or either per mL.
    /// </summary>
    public string ToWideCsv(bool aboveThreshold, bool perMl)
    {
        var text = new StringBuilder("bin,timestamp,instrument,roi_count,ml_analyzed");
        foreach (var label in Labels)
        {
            text.Append(',').Append(Csv.Quote(label));
        }

        text.Append('\n');
        foreach (var row in Rows)
        {
            text.Append(row.Bin).Append(',').Append(SummaryStore.Iso(row.Timestamp)).Append(',').Append(row.Instrument).Append(',')
                .Append(row.RoiCount.ToString(CultureInfo.InvariantCulture)).Append(',').Append(SummaryStore.Number(row.MlAnalyzed));
            foreach (var label in Labels)
            {
                text.Append(',').Append(Cell(row, label, aboveThreshold, perMl));
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// A per-class time series: <c>timestamp,bin,ml_analyzed</c> then, per class asked for, <c>{class}_count</c> and
    /// <c>{class}_per_ml</c>. Unknown classes are an error naming them.
    /// </summary>
    public string ToTimeSeriesCsv(IReadOnlyList<string> classes, bool aboveThreshold)
    {
        ArgumentNullException.ThrowIfNull(classes);
        var unknown = classes.Where(c => !Labels.Contains(c)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown class(es): {string.Join(", ", unknown)}; the run has: {string.Join(", ", Labels)}", nameof(classes));
        }

        var text = new StringBuilder("timestamp,bin,ml_analyzed");
        foreach (var c in classes)
        {
            text.Append(',').Append(Csv.Quote(c + "_count")).Append(',').Append(Csv.Quote(c + "_per_ml"));
        }

        text.Append('\n');
        foreach (var row in Rows)
        {
            text.Append(SummaryStore.Iso(row.Timestamp)).Append(',').Append(row.Bin).Append(',').Append(SummaryStore.Number(row.MlAnalyzed));
            foreach (var c in classes)
            {
                text.Append(',').Append(Cell(row, c, aboveThreshold, perMl: false)).Append(',').Append(Cell(row, c, aboveThreshold, perMl: true));
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Cell(Row row, string label, bool aboveThreshold, bool perMl)
    {
        var count = (aboveThreshold ? row.AboveThreshold : row.Winners).GetValueOrDefault(label);
        return perMl
            ? SummaryStore.Number(row.MlAnalyzed > 0 ? count / row.MlAnalyzed : double.NaN)
            : count.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>One bin of the summary.</summary>
    public sealed record Row(string Bin, DateTimeOffset Timestamp, string Instrument, int RoiCount, double MlAnalyzed)
    {
        /// <summary>Winner counts by class.</summary>
        public Dictionary<string, int> Winners { get; } = new(StringComparer.Ordinal);

        /// <summary>Counts above threshold by class.</summary>
        public Dictionary<string, int> AboveThreshold { get; } = new(StringComparer.Ordinal);
    }
}
