using System.Globalization;
using System.Text;
using Ifcb.Data;
using Ifcb.Data.IO;

namespace Ifcb.Inference.Sources;

/// <summary>
/// An explicit bin -> shard assignment (<c>plan.csv</c>: <c>bin,shard,rois</c>), balanced by ROI count. Bins hold from 0
/// to over 10,000 ROIs, so splitting by a hash of the id (the default of <c>--shard</c>) can leave one task with several
/// times the work of another; a plan evens the ROIs out. A bin the plan does not list (it arrived after the plan was
/// made) falls back to the id hash, so every bin still belongs to exactly one shard.
/// </summary>
public sealed class ShardPlan
{
    /// <summary>The CSV header.</summary>
    public const string Header = "bin,shard,rois";

    private readonly Dictionary<string, (int Shard, int Rois)> _bins;

    private ShardPlan(int count, Dictionary<string, (int Shard, int Rois)> bins)
    {
        Count = count;
        _bins = bins;
    }

    /// <summary>The number of shards.</summary>
    public int Count { get; }

    /// <summary>The number of bins planned.</summary>
    public int BinCount => _bins.Count;

    /// <summary>The shard of <paramref name="lid"/>, or null when the plan does not list it.</summary>
    public int? ShardOf(string lid) => _bins.TryGetValue(lid, out var v) ? v.Shard : null;

    /// <summary>Per shard: bins and ROIs.</summary>
    public IReadOnlyList<(int Bins, long Rois)> Totals()
    {
        var totals = new (int Bins, long Rois)[Count];
        foreach (var (shard, rois) in _bins.Values)
        {
            totals[shard] = (totals[shard].Bins + 1, totals[shard].Rois + rois);
        }

        return totals;
    }

    /// <summary>
    /// Assigns bins to <paramref name="count"/> shards, largest first, each to the shard with the fewest ROIs so far
    /// (ties: the fewest bins, then the lowest index). Longest-processing-time-first: the largest shard is at most 4/3
    /// of the optimum. Deterministic for a given set of bins.
    /// </summary>
    public static ShardPlan Balance(IEnumerable<(string Lid, int Rois)> bins, int count)
    {
        ArgumentNullException.ThrowIfNull(bins);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var load = new long[count];
        var binCount = new int[count];
        var plan = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        foreach (var (lid, rois) in bins.OrderByDescending(b => b.Rois).ThenBy(b => b.Lid, StringComparer.Ordinal))
        {
            var best = 0;
            for (var k = 1; k < count; k++)
            {
                if (load[k] < load[best] || (load[k] == load[best] && binCount[k] < binCount[best]))
                {
                    best = k;
                }
            }

            load[best] += rois;
            binCount[best]++;
            plan[lid] = (best, rois);
        }

        return new ShardPlan(count, plan);
    }

    /// <summary>Writes the plan atomically (bins by shard then id; the shard count on a comment line first).</summary>
    public void Write(string path)
    {
        var text = new StringBuilder("# shards=").Append(Count.ToString(CultureInfo.InvariantCulture)).Append('\n').Append(Header).Append('\n');
        foreach (var (lid, (shard, rois)) in _bins.OrderBy(b => b.Value.Shard).ThenBy(b => b.Key, StringComparer.Ordinal))
        {
            text.Append(lid).Append(',').Append(shard.ToString(CultureInfo.InvariantCulture)).Append(',').Append(rois.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>Reads a plan written by <see cref="Write"/>; errors name the file and line.</summary>
    public static ShardPlan Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new IfcbDataException(path, "no such plan file");
        }

        var lines = File.ReadAllLines(path);
        if (lines.Length < 2 || !lines[0].StartsWith("# shards=", StringComparison.Ordinal)
            || !int.TryParse(lines[0].AsSpan("# shards=".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            throw new IfcbDataException(path, "not a shard plan (the first line must be '# shards=N')", line: 1);
        }

        if (lines[1] != Header)
        {
            throw new IfcbDataException(path, $"not a shard plan (expected the header '{Header}')", line: 2);
        }

        var bins = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        for (var i = 2; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var cells = lines[i].Split(',');
            if (cells.Length != 3 || !int.TryParse(cells[1], NumberStyles.None, CultureInfo.InvariantCulture, out var shard) || shard >= count
                || !int.TryParse(cells[2], NumberStyles.None, CultureInfo.InvariantCulture, out var rois))
            {
                throw new IfcbDataException(path, $"expected bin,shard (0..{count - 1}),rois", line: i + 1);
            }

            if (!bins.TryAdd(cells[0], (shard, rois)))
            {
                throw new IfcbDataException(path, $"bin {cells[0]} is listed twice", line: i + 1);
            }
        }

        return new ShardPlan(count, bins);
    }
}
