using Ifcb.Data;
using Ifcb.Data.Directories;
using Ifcb.Formats.Labels;

namespace Ifcb.Datasets;

/// <summary>
/// Finds the ROIs that labels name in raw bins: the bins come from folders (searched recursively, as
/// <c>ifcb bins list</c> does) or bin paths; every labelled bin is opened once to check that each labelled target is an
/// image of its set (v1: the stitched set, whose numbering ifcb-analysis annotations use). A label that names no
/// such image is returned with the reason, never dropped silently.
/// </summary>
public static class BinLabelMatcher
{
    /// <summary>A label with no image to read, and why.</summary>
    public sealed record Unmatched(RoiLabel Label, string Reason);

    /// <summary>A label and the bin (path without extension) holding its ROI.</summary>
    public sealed record Matched(RoiLabel Label, string BinPath);

    /// <summary>What matched, what did not, and what was noticed on the way (incomplete bins...).</summary>
    public sealed record Result(IReadOnlyList<Matched> Matches, IReadOnlyList<Unmatched> Misses, int Bins, IReadOnlyList<string> Notes);

    /// <summary>Reason given for labels whose bin is not among the inputs.</summary>
    public const string BinNotGiven = "its bin is not among the bins given";

    /// <summary>Matches <paramref name="labels"/> against the bins found in <paramref name="binInputs"/>.</summary>
    public static Result Match(IReadOnlyList<RoiLabel> labels, IEnumerable<string> binInputs)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var notes = new List<string>();
        var bins = Discover(binInputs, notes);
        var matches = new List<Matched>();
        var misses = new List<Unmatched>();
        foreach (var group in labels.GroupBy(l => l.Bin.Lid, StringComparer.Ordinal))
        {
            if (!bins.TryGetValue(group.Key, out var files))
            {
                misses.AddRange(group.Select(l => new Unmatched(l, BinNotGiven)));
                continue;
            }

            try
            {
                using var bin = Bin.Open(files);
                foreach (var label in group)
                {
                    if (bin.WhyNoImage(label.Target) is { } reason)
                    {
                        misses.Add(new Unmatched(label, reason));
                    }
                    else
                    {
                        matches.Add(new Matched(label, files.BasePath));
                    }
                }
            }
            catch (Exception e) when (e is IfcbDataException or IOException or UnauthorizedAccessException)
            {
                misses.AddRange(group.Select(l => new Unmatched(l, $"its bin cannot be read ({e.Message})")));
            }
        }

        return new Result(matches, misses, bins.Count, notes);
    }

    /// <summary>
    /// One line per kind of miss for logs: labels of bins not given are counted per bin, the others named one by one
    /// (up to <paramref name="limit"/> per line) with the reason.
    /// </summary>
    public static IEnumerable<string> Describe(IReadOnlyList<Unmatched> misses, int limit = 20)
    {
        ArgumentNullException.ThrowIfNull(misses);
        var absent = misses.Where(m => m.Reason == BinNotGiven).ToList();
        if (absent.Count > 0)
        {
            var perBin = absent.GroupBy(m => m.Label.Bin.Lid, StringComparer.Ordinal).Select(g => $"{g.Key} ({g.Count()})").ToList();
            yield return $"{absent.Count} labels name ROIs of {perBin.Count} bins not among the bins given, skipped: {List(perBin, limit)}";
        }

        var other = misses.Where(m => m.Reason != BinNotGiven).Select(m => $"{m.Label.Pid} ({m.Label.Source}: {m.Reason})").ToList();
        if (other.Count > 0)
        {
            yield return $"{other.Count} labels name ROIs without a readable image in their bin, skipped: {List(other, limit)}";
        }
    }

    private static string List(IReadOnlyList<string> items, int limit)
        => string.Join("; ", items.Take(limit)) + (items.Count > limit ? $"; and {items.Count - limit} more" : "");

    // Bins by LID; a LID found twice keeps its first place (inputs in order, folders sorted by time then path).
    private static Dictionary<string, BinFiles> Discover(IEnumerable<string> inputs, List<string> notes)
    {
        var bins = new Dictionary<string, BinFiles>(StringComparer.Ordinal);
        void Add(BinFiles files)
        {
            if (!bins.TryAdd(files.Id.Lid, files) && bins[files.Id.Lid].BasePath != files.BasePath)
            {
                notes.Add($"bin {files.Id.Lid} found twice; using {bins[files.Id.Lid].BasePath}, not {files.BasePath}");
            }
        }

        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                var found = BinDirectory.Discover(input);
                notes.AddRange(found.Rejected.Select(r => $"not a bin, skipped: {r.Message}"));
                foreach (var bin in found.Bins)
                {
                    if (bin.IsComplete)
                    {
                        Add(bin.Files);
                    }
                    else
                    {
                        notes.Add($"incomplete bin skipped: {bin.BasePath}: {string.Join("; ", bin.Problems)}");
                    }
                }

                continue;
            }

            var files = BinFiles.FromPath(input);
            if (!File.Exists(files.AdcPath) && !File.Exists(files.RoiPath) && !File.Exists(files.HdrPath))
            {
                throw new IfcbDataException(input, "no such bin or folder of bins");
            }

            Add(files);
        }

        return bins;
    }
}
