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

    /// <summary>True when any bin carries corrected counts.</summary>
    public bool HasCorrections => Rows.Any(r => r.Corrected.Count > 0);

    /// <summary>
    /// The wide table: <c>bin,timestamp,instrument,roi_count,ml_analyzed,&lt;class...&gt;</c>, the cells being winner counts,
    /// or counts above threshold, or corrected counts (empty when not corrected or flagged), or any of them per mL.
    /// </summary>
    public string ToWideCsv(bool aboveThreshold, bool perMl, bool corrected = false)
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
                text.Append(',');
                if (corrected)
                {
                    var count = row.Corrected.TryGetValue(label, out var c) ? c.Count : double.NaN;
                    text.Append(double.IsNaN(count) ? string.Empty : perMl ? SummaryStore.Number(Per(count, row.MlAnalyzed)) : SummaryStore.Count(count));
                }
                else
                {
                    text.Append(Cell(row, label, aboveThreshold, perMl));
                }
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// A per-class time series: <c>timestamp,bin,ml_analyzed</c> then, per class asked for, <c>{class}_count</c> and
    /// <c>{class}_per_ml</c>, and when the run is corrected <c>{class}_corrected</c>, <c>_corrected_low</c>,
    /// <c>_corrected_high</c> (counts) and <c>_corrected_per_l</c>, <c>_corrected_low_per_l</c>, <c>_corrected_high_per_l</c>.
    /// With a <paramref name="window"/>, bins are pooled into UTC windows of that length: <c>window_start,bins,ml_analyzed</c>
    /// then the sums of counts over the window's bins, concentrations from the summed volume, and interval bounds
    /// summed too (conservative: the bins share one confusion estimate, so their errors are treated as fully correlated).
    /// Unknown classes are an error naming them.
    /// </summary>
    public string ToTimeSeriesCsv(IReadOnlyList<string> classes, bool aboveThreshold, TimeSpan? window = null)
    {
        ArgumentNullException.ThrowIfNull(classes);
        var unknown = classes.Where(c => !Labels.Contains(c)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown class(es): {string.Join(", ", unknown)}; the run has: {string.Join(", ", Labels)}", nameof(classes));
        }

        var corrected = HasCorrections;
        var text = new StringBuilder(window is null ? "timestamp,bin,ml_analyzed" : "window_start,bins,ml_analyzed");
        foreach (var c in classes)
        {
            text.Append(',').Append(Csv.Quote(c + "_count")).Append(',').Append(Csv.Quote(c + "_per_ml"));
            if (corrected)
            {
                foreach (var suffix in new[] { "_corrected", "_corrected_low", "_corrected_high", "_corrected_per_l", "_corrected_low_per_l", "_corrected_high_per_l" })
                {
                    text.Append(',').Append(Csv.Quote(c + suffix));
                }
            }
        }

        text.Append('\n');
        var groups = window is { } span
            ? Rows.GroupBy(r => new DateTimeOffset(r.Timestamp.UtcTicks - (r.Timestamp.UtcTicks % span.Ticks), TimeSpan.Zero)).Select(g => (Start: g.Key, Id: g.Count().ToString(CultureInfo.InvariantCulture), Rows: g.ToList()))
            : Rows.Select(r => (Start: r.Timestamp, Id: r.Bin, Rows: new List<Row> { r }));
        foreach (var (start, id, rows) in groups)
        {
            // A bin without a volume makes the window's volume unknown.
            var ml = rows.Sum(r => r.MlAnalyzed > 0 ? r.MlAnalyzed : double.NaN);
            text.Append(SummaryStore.Iso(start)).Append(',').Append(id).Append(',').Append(SummaryStore.Number(ml));
            foreach (var c in classes)
            {
                var count = rows.Sum(r => (aboveThreshold ? r.AboveThreshold : r.Winners).GetValueOrDefault(c));
                text.Append(',').Append(count.ToString(CultureInfo.InvariantCulture)).Append(',').Append(SummaryStore.Number(Per(count, ml)));
                if (corrected)
                {
                    var cells = rows.Select(r => r.Corrected.GetValueOrDefault(c)).ToList();
                    double Sum(Func<CorrectedCount, double> pick) => cells.Any(x => x is null) ? double.NaN : cells.Sum(x => pick(x!));
                    var values = new[] { Sum(x => x.Count), Sum(x => x.Low), Sum(x => x.High) };
                    foreach (var v in values)
                    {
                        text.Append(',').Append(SummaryStore.Count(v));
                    }

                    foreach (var v in values)
                    {
                        text.Append(',').Append(double.IsNaN(v) ? string.Empty : SummaryStore.Number(Per(v, ml) * 1000));
                    }
                }
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static double Per(double count, double ml) => ml > 0 ? count / ml : double.NaN;

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

        /// <summary>Corrected counts by class (classes not corrected are absent).</summary>
        public Dictionary<string, CorrectedCount> Corrected { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>A corrected count read back: method, count, interval (NaN when flagged) and note.</summary>
    public sealed record CorrectedCount(string Method, double Count, double Low, double High, string Note);
}
