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

    // Bins in memory at once: one being painted, the others being described, written and flushed.
    private const int InFlight = 4;

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

        // Bins are described and written (and flushed to disk) on their own threads while the next bins
        // are painted: at most InFlight bins are in memory, their pixels in as many reusable arenas.
        var free = new Stack<PixelArena>();
        var pending = new Queue<(Task<WrittenBin> Task, PixelArena Arena)>();
        for (var b = 0; b < options.Bins; b++)
        {
            var layout = SyntheticBinFactory.Layout(options, b);
            if (pending.Count == InFlight)
            {
                CollectOldest();
            }

            var arena = free.Count > 0 ? free.Pop() : new PixelArena();
            var painted = new RoiPixels[layout.Lines];
            Parallel.For(0, layout.Lines, parallel, i =>
            {
                if (layout.LineClass[i] >= 0)
                {
                    painted[i] = PlanktonPainter.PaintInto(layout.LineClass[i], layout.RoiSeed(i), arena);
                }
            });

            // A thread of its own: the writer mostly waits for the disk, and must not wait for a pool thread.
            var writer = Task.Factory.StartNew(() => WriteBin(root, options, layout, painted, arena), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            pending.Enqueue((writer, arena));
        }

        while (pending.Count > 0)
        {
            CollectOldest();
        }

        var truthPath = Path.Combine(root, GroundTruthFileName);
        AtomicFile.WriteAllText(truthPath, truth.ToString());
        return new SyntheticArchiveResult(Path.GetFullPath(root), headers, lids, rois, lines, truthPath);

        // Waits for the oldest bin still being written, takes its results in bin order and its arena back.
        void CollectOldest()
        {
            var (task, arena) = pending.Dequeue();
            var bin = task.GetAwaiter().GetResult();
            free.Push(arena);
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
            // Through the stream's buffer: a gathered write of thousands of small slices (pwritev) makes
            // the kernel's copy into the page cache several times slower than these buffer-sized writes.
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
