using Ifcb.Quantification;
namespace Ifcb.Inference.Summary;

/// <summary>Summaries of several shards or runs read back as one: classes, thresholds and bins by time then id.</summary>
/// <param name="Labels">Class labels in model order.</param>
/// <param name="Thresholds">Per-class thresholds, or null when the model has none.</param>
/// <param name="Bins">Every bin once.</param>
/// <param name="Files">The summary files read.</param>
public sealed record MergedSummary(IReadOnlyList<string> Labels, IReadOnlyList<float>? Thresholds, IReadOnlyList<BinSummary> Bins, IReadOnlyList<string> Files)
{
    /// <summary>Writes <c>summary.csv</c> and <c>summary.sqlite</c> into <paramref name="folder"/>, as one classify run would.</summary>
    public void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        SummaryStore.Write(folder, string.Empty, Labels, Thresholds, Bins);
    }

    /// <summary>The table that <c>ifcb summary</c> exports.</summary>
    public SummaryTable ToTable()
    {
        var rows = new List<SummaryTable.Row>(Bins.Count);
        foreach (var bin in Bins)
        {
            var row = new SummaryTable.Row(bin.Lid, bin.Timestamp, bin.Instrument, bin.RoiCount, bin.MlAnalyzed);
            for (var c = 0; c < Labels.Count; c++)
            {
                row.Winners[Labels[c]] = bin.WinnerCounts[c];
                row.AboveThreshold[Labels[c]] = bin.AboveThresholdCounts[c];
                if (bin.Corrected is { } corrected)
                {
                    var e = corrected.Classes[c];
                    row.Corrected[Labels[c]] = new SummaryTable.CorrectedCount(corrected.Method.Name(), e.Count, e.Low, e.High, e.Note);
                }
            }

            rows.Add(row);
        }

        return new SummaryTable(Labels, rows);
    }
}
