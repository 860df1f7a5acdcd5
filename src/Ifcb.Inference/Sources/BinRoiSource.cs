using Ifcb.Data;
using Ifcb.Data.Directories;
using Ifcb.Data.Ids;

namespace Ifcb.Inference.Sources;

/// <summary>
/// The real <see cref="IRoiSource"/>: raw bins on disk, read by <c>Ifcb.Data</c>. Inputs may be directory trees,
/// single bins (with or without extension), list files (one path per line, relative to the list; <c>#</c> comments)
/// or globs in the last path segment.
/// </summary>
public sealed class BinRoiSource : IRoiSource
{
    /// <inheritdoc/>
    public IReadOnlyList<BinEntry> Discover(IReadOnlyList<string> inputs, BinFilter filter, ICollection<BinFailure> problems)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(problems);
        var found = new Dictionary<string, BinEntry>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            Expand(input, filter, found, problems, depth: 0);
        }

        return found.Values.OrderBy(b => b.Timestamp).ThenBy(b => b.Lid, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc/>
    public IRoiBin Open(BinEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var bin = Bin.Open(entry.Path);
        if (bin.Problems.Count > 0)
        {
            // A bin named by path skips the directory scan's checks (an empty .hdr, ROI bytes without ADC lines):
            // it fails here for the same reasons, so both ways of naming a bin give the same verdict.
            var problems = string.Join("; ", bin.Problems);
            bin.Dispose();
            throw new IfcbDataException(entry.Path, problems);
        }

        return new DataBin(entry, bin);
    }

    private static void Expand(string input, BinFilter filter, Dictionary<string, BinEntry> found, ICollection<BinFailure> problems, int depth)
    {
        if (Directory.Exists(input))
        {
            DiscoverDirectory(input, filter, found, problems);
        }
        else if (Path.GetFileName(input).AsSpan().IndexOfAny('*', '?') >= 0)
        {
            var folder = Path.GetDirectoryName(input) is { Length: > 0 } d ? d : ".";
            var matches = Directory.Exists(folder) ? Directory.GetFileSystemEntries(folder, Path.GetFileName(input)).Order(StringComparer.Ordinal).ToList() : [];
            if (matches.Count == 0)
            {
                problems.Add(new BinFailure(input, input, "the pattern matches nothing"));
            }

            // A glob over raw files names each bin up to three times: the dictionary keeps one.
            foreach (var match in matches)
            {
                Expand(match, filter, found, problems, depth);
            }
        }
        else if (IsRawFile(input) || File.Exists(input + ".adc"))
        {
            AddBin(input, filter, found, problems);
        }
        else if (File.Exists(input) && depth == 0)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(input))!;
            foreach (var line in File.ReadLines(input).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
            {
                Expand(Path.Combine(folder, line), filter, found, problems, depth + 1);
            }
        }
        else
        {
            problems.Add(new BinFailure(Path.GetFileName(input), input, File.Exists(input) ? "a list file may not name another list file" : "no such bin, directory or list file"));
        }
    }

    private static bool IsRawFile(string path)
        => File.Exists(path) && BinFiles.Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    private static void AddBin(string path, BinFilter filter, Dictionary<string, BinEntry> found, ICollection<BinFailure> problems)
    {
        try
        {
            var files = BinFiles.FromPath(path);
            if (filter.Matches(files.Id))
            {
                found.TryAdd(files.Id.Lid, Entry(files.Id, files.BasePath));
            }
        }
        catch (IfcbDataException ex)
        {
            problems.Add(new BinFailure(Path.GetFileName(path), ex.FilePath, ex.Reason));
        }
    }

    private static BinEntry Entry(BinId id, string basePath) => new(id.Lid, id.Timestamp, id.Instrument, basePath);

    // Directory trees are scanned by Ifcb.Data (one enumeration, skip/beads never entered); incomplete bins are
    // reported as failures instead of stopping the run.
    private static void DiscoverDirectory(string root, BinFilter filter, Dictionary<string, BinEntry> found, ICollection<BinFailure> problems)
    {
        var discovery = BinDirectory.Discover(root, filter);
        foreach (var rejected in discovery.Rejected)
        {
            problems.Add(new BinFailure(Path.GetFileName(rejected.FilePath), rejected.FilePath, rejected.Reason));
        }

        foreach (var bin in discovery.Bins)
        {
            if (bin.IsComplete)
            {
                found.TryAdd(bin.Id.Lid, Entry(bin.Id, bin.BasePath));
            }
            else
            {
                problems.Add(new BinFailure(bin.Id.Lid, bin.BasePath, string.Join("; ", bin.Problems)));
            }
        }
    }

    /// <summary>An open <see cref="Bin"/> seen through <see cref="IRoiBin"/>.</summary>
    private sealed class DataBin(BinEntry entry, Bin bin) : IRoiBin
    {
        private readonly HashSet<int> _stitched = bin.Pairs.Select(p => p.TargetA).ToHashSet();

        public BinEntry Entry { get; } = entry;

        public IReadOnlyList<int> Targets => bin.Images;

        public double MlAnalyzed => bin.MlAnalyzed;

        public (int Width, int Height) GetSize(int target) => bin.GetImageSize(target);

        public int ReadImage(int target, Span<byte> destination)
        {
            if (_stitched.Contains(target))
            {
                // v1 stitch pairs are rare: the allocating path is fine for them.
                var pixels = bin.ReadImage(target, out _, out _);
                pixels.CopyTo(destination);
                return pixels.Length;
            }

            return bin.Roi.ReadImage(target, destination);
        }

        public void Dispose() => bin.Dispose();
    }
}
