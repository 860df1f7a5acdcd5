using System.Text;
using Ifcb.Data.IO;

namespace Ifcb.Synthetic;

/// <summary>
/// Writes a synthetic archive: bins under <c>D{YYYY}/D{YYYYMMDD}/</c> and <c>ground_truth.csv</c>
/// (<c>pid,class</c> for every image ROI) at the root.
/// </summary>
public static class SyntheticArchiveWriter
{
    /// <summary>The ground-truth file name at the root of an archive.</summary>
    public const string GroundTruthFileName = "ground_truth.csv";

    /// <summary>Writes the archive <paramref name="options"/> describe under <paramref name="root"/>.</summary>
    public static SyntheticArchiveResult Write(string root, SyntheticArchiveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var truth = new StringBuilder("pid,class\n");
        var headers = new List<string>(options.Bins);
        var lids = new List<string>(options.Bins);
        var rois = 0;
        var lines = 0;
        // Bin k is written (and flushed to disk) while bin k+1 is painted: I/O and CPU overlap.
        Task<string>? pending = null;
        for (var b = 0; b < options.Bins; b++)
        {
            var bin = SyntheticBinFactory.Create(options, b);
            if (pending is not null)
            {
                headers.Add(pending.GetAwaiter().GetResult());
            }

            pending = Task.Run(() => SyntheticBinWriter.Write(Path.Combine(root, bin.RelativeDirectory), bin));
            lids.Add(bin.Lid);
            foreach (var roi in bin.Rois)
            {
                truth.Append(bin.Pid(roi.Target)).Append(',').Append(roi.Image.ClassName).Append('\n');
            }

            rois += bin.Rois.Count;
            lines += bin.Lines;
        }

        if (pending is not null)
        {
            headers.Add(pending.GetAwaiter().GetResult());
        }

        var truthPath = Path.Combine(root, GroundTruthFileName);
        AtomicFile.WriteAllText(truthPath, truth.ToString());
        return new SyntheticArchiveResult(Path.GetFullPath(root), headers, lids, rois, lines, truthPath);
    }
}
