using System.Globalization;
using Ifcb.Data;
using Ifcb.Data.IO;
using Ifcb.Inference.Runs;
using Ifcb.Quantification;

namespace Ifcb.Inference.Summary;

/// <summary>
/// Reads the long summaries (<c>summary*.csv</c>) of one or more run folders back into <see cref="BinSummary"/> rows,
/// so that shards written into one folder, or runs written into several, become one summary. Written again with
/// <see cref="SummaryStore.Write"/>, the merge is byte-identical to the summary of one process over all the bins: the
/// CSV stores every count and threshold exactly (round-trip "R" formatting) and the order is time then id, as there.
/// </summary>
public static class SummaryMerge
{
    /// <summary>
    /// Merges every <c>summary*.csv</c> under the folders of <paramref name="paths"/> (or the CSV files named).
    /// A bin in several files must have the same values in each (a resumed shard rewrites the bins it skipped);
    /// files of different models (labels or thresholds) are an error naming both.
    /// </summary>
    public static MergedSummary Read(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.GetFiles(path, "summary*.csv").Order(StringComparer.Ordinal).ToArray();
                if (found.Length == 0)
                {
                    throw new IfcbDataException(path, "no summary.csv (is this an `ifcb classify` output folder?)");
                }

                files.AddRange(found);
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                throw new IfcbDataException(path, "no summary.csv (is this an `ifcb classify` output folder?)");
            }
        }

        if (files.Count == 0)
        {
            throw new ArgumentException("no run folder given", nameof(paths));
        }

        IReadOnlyList<string>? labels = null;
        IReadOnlyList<float>? thresholds = null;
        string? labelsFile = null;
        var bins = new Dictionary<string, (BinSummary Bin, string File)>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var (fileLabels, fileThresholds, fileBins) = ReadFile(file);
            if (fileLabels.Count > 0)
            {
                if (labels is null)
                {
                    (labels, thresholds, labelsFile) = (fileLabels, fileThresholds, file);
                }
                else if (!labels.SequenceEqual(fileLabels) || !SameThresholds(thresholds, fileThresholds))
                {
                    throw new IfcbDataException(file, $"its classes or thresholds differ from those of {labelsFile}: the runs are of different models");
                }
            }

            foreach (var bin in fileBins)
            {
                if (bins.TryGetValue(bin.Lid, out var seen))
                {
                    if (!Same(seen.Bin, bin))
                    {
                        throw new IfcbDataException(file, $"bin {bin.Lid} has other counts than in {seen.File}");
                    }
                }
                else
                {
                    bins[bin.Lid] = (bin, file);
                }
            }
        }

        var ordered = bins.Values.Select(v => v.Bin).OrderBy(b => b.Timestamp).ThenBy(b => b.Lid, StringComparer.Ordinal).ToList();
        return new MergedSummary(labels ?? [], thresholds, ordered, files);
    }

    private static (List<string> Labels, List<float>? Thresholds, List<BinSummary> Bins) ReadFile(string file)
    {
        var lines = File.ReadAllLines(file);
        if (lines.Length == 0 || (lines[0] != SummaryStore.Header && lines[0] != SummaryStore.RawHeader))
        {
            throw new IfcbDataException(file, "not a summary CSV (unexpected header)", line: 1);
        }

        // Summaries from before count correction have the 11 raw columns only.
        var width = lines[0] == SummaryStore.Header ? 22 : 11;

        var labels = new List<string>();
        var thresholds = new List<float?>();
        var rows = new List<(int Line, List<string> Cells)>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var cells = Csv.Split(lines[i]);
            if (cells.Count != width)
            {
                throw new IfcbDataException(file, $"expected {width} cells, found {cells.Count}", line: i + 1);
            }

            rows.Add((i + 1, cells));
        }

        // The classes are the first bin's rows, in model order; every bin has one row per class in that order.
        foreach (var (line, cells) in rows.TakeWhile(r => r.Cells[0] == rows[0].Cells[0]))
        {
            labels.Add(cells[5]);
            thresholds.Add(cells[6].Length == 0 ? null : (float)Parse(file, line, cells[6]));
        }

        var bins = new List<BinSummary>();
        for (var start = 0; start < rows.Count; start += labels.Count)
        {
            var first = rows[start];
            var winners = new int[labels.Count];
            var above = new int[labels.Count];
            var estimates = new ClassEstimate[labels.Count];
            QuantificationMethod? method = null;
            for (var c = 0; c < labels.Count; c++)
            {
                if (start + c >= rows.Count || rows[start + c].Cells[0] != first.Cells[0] || rows[start + c].Cells[5] != labels[c])
                {
                    var line = start + c < rows.Count ? rows[start + c].Line : lines.Length;
                    throw new IfcbDataException(file, $"bin {first.Cells[0]} does not have one row per class in the order {string.Join(", ", labels)}", line: line);
                }

                winners[c] = ParseInt(file, rows[start + c].Line, rows[start + c].Cells[7]);
                above[c] = ParseInt(file, rows[start + c].Line, rows[start + c].Cells[9]);
                if (width == 22)
                {
                    var (line, cells) = rows[start + c];
                    method ??= ParseMethod(file, line, cells[11]);
                    estimates[c] = new ClassEstimate(Optional(file, line, cells[12]), Optional(file, line, cells[13]), Optional(file, line, cells[14]), cells[21]);
                }
            }

            if (!DateTimeOffset.TryParse(first.Cells[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp))
            {
                throw new IfcbDataException(file, $"'{first.Cells[1]}' is not a timestamp", line: first.Line);
            }

            bins.Add(new BinSummary
            {
                Lid = first.Cells[0],
                Timestamp = timestamp.ToUniversalTime(),
                Instrument = first.Cells[2],
                RoiCount = ParseInt(file, first.Line, first.Cells[3]),
                MlAnalyzed = first.Cells[4].Length == 0 ? double.NaN : Parse(file, first.Line, first.Cells[4]),
                WinnerCounts = winners,
                AboveThresholdCounts = above,
                Corrected = method is null or QuantificationMethod.None ? null : new BinQuantification(method.Value, estimates),
            });
        }

        var all = thresholds.All(t => t is not null);
        if (!all && thresholds.Any(t => t is not null))
        {
            throw new IfcbDataException(file, "some classes have a threshold and others none");
        }

        return (labels, all && thresholds.Count > 0 ? thresholds.Select(t => t!.Value).ToList() : null, bins);
    }

    private static bool SameThresholds(IReadOnlyList<float>? a, IReadOnlyList<float>? b)
        => a is null ? b is null : b is not null && a.SequenceEqual(b);

    private static bool Same(BinSummary a, BinSummary b)
        => a.Timestamp == b.Timestamp && a.Instrument == b.Instrument && a.RoiCount == b.RoiCount
            && a.MlAnalyzed.Equals(b.MlAnalyzed) && a.WinnerCounts.SequenceEqual(b.WinnerCounts) && a.AboveThresholdCounts.SequenceEqual(b.AboveThresholdCounts)
            && (a.Corrected is null ? b.Corrected is null : b.Corrected is not null && a.Corrected.Method == b.Corrected.Method && a.Corrected.Classes.SequenceEqual(b.Corrected.Classes));

    private static double Parse(string file, int line, string text)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new IfcbDataException(file, $"'{text}' is not a number", line: line);

    private static double Optional(string file, int line, string text) => text.Length == 0 ? double.NaN : Parse(file, line, text);

    private static QuantificationMethod ParseMethod(string file, int line, string text)
    {
        try
        {
            return QuantificationMethods.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new IfcbDataException(file, ex.Message, line: line, inner: ex);
        }
    }

    private static int ParseInt(string file, int line, string text)
        => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new IfcbDataException(file, $"'{text}' is not an integer", line: line);
}
