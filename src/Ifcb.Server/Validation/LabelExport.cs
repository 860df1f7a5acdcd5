using System.IO.Compression;
using System.Text;
using Ifcb.Formats.Mat;

namespace Ifcb.Server.Validation;

/// <summary>
/// Exported labels in the two formats <c>ifcb train --labels</c> and <c>ifcb evaluate --labels</c> read: a
/// <c>pid,class</c> CSV, and ifcb-analysis manual-annotation files (<c>{bin id}.mat</c>, MATLAB v5, one per bin,
/// zipped together).
/// </summary>
public static class LabelExport
{
    /// <summary>The CSV: header <c>pid,class</c>, one line per ROI.</summary>
    public static string Csv(IEnumerable<ValidationService.ExportLabel> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var sb = new StringBuilder("pid,class\n");
        foreach (var l in labels)
        {
            Api.Csv.Row(sb, Ifcb.Data.Ids.BinId.FormatRoiId(l.Bin, l.Roi), l.Class);
        }

        return sb.ToString();
    }

    /// <summary>
    /// One annotation file per bin, as ifcb-analysis <c>manual_classify</c> writes them: <c>classlist</c> (n x 3
    /// double: ROI number, manual class as a 1-based index into <c>class2use_manual</c>, auto class NaN),
    /// <c>class2use_manual</c> (1 x k cell of the export's class names, sorted; the same list in every file) and
    /// <c>list_titles</c>. Like <c>manual_classify</c>, a bin's file has a row for every ROI number from 1 to the bin's
    /// ROI count (<paramref name="roiCounts"/>, when known; at least up to the last decided ROI) so MATLAB code can
    /// index <c>classlist</c> by ROI number; undecided ROIs have a NaN manual class, which readers skip.
    /// </summary>
    public static Dictionary<string, byte[]> MatFiles(IReadOnlyList<ValidationService.ExportLabel> labels, IReadOnlyDictionary<string, int>? roiCounts = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var classes = labels.Select(l => l.Class).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i + 1, StringComparer.Ordinal);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var bin in labels.GroupBy(l => l.Bin))
        {
            var decided = bin.ToDictionary(l => l.Roi, l => index[l.Class]);
            var known = roiCounts is not null && roiCounts.TryGetValue(bin.Key, out var count) ? count : 0;
            var rows = Math.Max(known, decided.Keys.Max());
            var classlist = new double[rows * 3];
            for (var r = 0; r < rows; r++)
            {
                classlist[r * 3] = r + 1;
                classlist[(r * 3) + 1] = decided.TryGetValue(r + 1, out var c) ? c : double.NaN;
                classlist[(r * 3) + 2] = double.NaN;
            }

            files[bin.Key + ".mat"] = MatFile.ToBytes(
            [
                new("classlist", MatNumeric.MatrixFromRowMajor(classlist, rows, 3)),
                new("class2use_manual", MatCell.RowOfStrings(classes)),
                new("list_titles", MatCell.RowOfStrings(["roi number", "manual", "auto"])),
            ]);
        }

        return files;
    }

    /// <summary>The annotation files in one zip (ready to unpack into a folder for <c>--labels</c>).</summary>
    public static byte[] MatZip(IReadOnlyList<ValidationService.ExportLabel> labels, IReadOnlyDictionary<string, int>? roiCounts = null)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in MatFiles(labels, roiCounts).OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                using var s = entry.Open();
                s.Write(bytes);
            }
        }

        return stream.ToArray();
    }
}
