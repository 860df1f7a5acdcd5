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
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };

        // Bin k is described and written (and flushed to disk) on another thread while bin k+1 is painted,
        // so two bins at most are in memory: their pixels live in two arenas used in turn, nothing per ROI.
        PixelArena[] arenas = [new(), new()];
        Task<WrittenBin>? pending = null;
        for (var b = 0; b < options.Bins; b++)
        {
            var layout = SyntheticBinFactory.Layout(options, b);
            var arena = arenas[b % 2];
            var painted = new RoiPixels[layout.Lines];
            Parallel.For(0, layout.Lines, parallel, i =>
            {
                if (layout.LineClass[i] >= 0)
                {
                    painted[i] = PlanktonPainter.PaintInto(layout.LineClass[i], layout.RoiSeed(i), arena);
                }
            });

            if (pending is not null)
            {
                Collect(pending.GetAwaiter().GetResult());
            }

            pending = Task.Run(() => WriteBin(root, options, layout, painted, arena));
        }

        if (pending is not null)
        {
            Collect(pending.GetAwaiter().GetResult());
        }

        var truthPath = Path.Combine(root, GroundTruthFileName);
        AtomicFile.WriteAllText(truthPath, truth.ToString());
        return new SyntheticArchiveResult(Path.GetFullPath(root), headers, lids, rois, lines, truthPath);

        void Collect(WrittenBin bin)
        {
            headers.Add(bin.HeaderPath);
            lids.Add(bin.Lid);
            truth.Append(bin.Truth);
            rois += bin.Rois;
            lines += bin.Lines;
        }
    }

    // Describes a painted bin (ADC and header), writes its files and its ground-truth rows, then frees its arena.
    private static WrittenBin WriteBin(string root, SyntheticArchiveOptions options, BinLayout layout, RoiPixels[] painted, PixelArena arena)
    {
        var sizes = new RoiSize[painted.Length];
        var truth = new StringBuilder(layout.Images * 48);
        for (var i = 0; i < painted.Length; i++)
        {
            if (layout.LineClass[i] >= 0)
            {
                var roi = painted[i];
                sizes[i] = new RoiSize(roi.ClassIndex, roi.Width, roi.Height);
                truth.Append(SyntheticBin.PidOf(layout.Lid, i + 1)).Append(',').Append(SyntheticClasses.All[roi.ClassIndex]).Append('\n');
            }
            else
            {
                sizes[i] = RoiSize.None;
            }
        }

        var (header, adc) = SyntheticBinFactory.Describe(options, layout, sizes);
        var directory = Path.Combine(root, SyntheticBin.DirectoryOf(layout.Timestamp));
        var headerPath = SyntheticBinWriter.Write(directory, layout.Lid, stream =>
        {
            for (var i = 0; i < painted.Length; i++)
            {
                if (layout.LineClass[i] >= 0)
                {
                    stream.Write(painted[i].Pixels.Span);
                }
            }
        }, adc, header);
        arena.Reset();
        return new WrittenBin(headerPath, layout.Lid, truth.ToString(), layout.Images, layout.Lines);
    }

    private sealed record WrittenBin(string HeaderPath, string Lid, string Truth, int Rois, int Lines);
}
