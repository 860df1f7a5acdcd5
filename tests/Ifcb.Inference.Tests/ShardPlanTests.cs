using Ifcb.Data;
using Ifcb.Inference.Sources;

namespace Ifcb.Inference.Tests;

public sealed class ShardPlanTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ifcb-plan-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void Balancing_by_rois_evens_out_bins_of_very_different_sizes()
    {
        // Given 3 big bins and 30 small ones, in 3 shards
        var bins = Enumerable.Range(0, 3).Select(i => ($"D20240101T00000{i}_IFCB1", 9000))
            .Concat(Enumerable.Range(0, 30).Select(i => ($"D20240102T0000{i:00}_IFCB1", 100 + i)))
            .ToList();
        var plan = ShardPlan.Balance(bins, 3);

        // Then every bin has one shard, each shard gets one big bin, and the ROI totals differ by at most one small bin
        var totals = plan.Totals();
        Assert.Equal(33, totals.Sum(t => t.Bins));
        Assert.Equal(bins.Sum(b => (long)b.Item2), totals.Sum(t => t.Rois));
        Assert.True(totals.Max(t => t.Rois) - totals.Min(t => t.Rois) <= 129, string.Join(",", totals));
        Assert.Equal(3, Enumerable.Range(0, 3).Select(i => plan.ShardOf($"D20240101T00000{i}_IFCB1")).Distinct().Count());

        // And the id hash on the same bins would be worse or equal (it knows nothing of sizes)
        var hashed = new long[3];
        foreach (var (lid, rois) in bins)
        {
            hashed[(int)(ShardSpec.StableHash(lid) % 3)] += rois;
        }

        Assert.True(totals.Max(t => t.Rois) <= hashed.Max());
    }

    [Fact]
    public void A_plan_round_trips_and_shards_follow_it_with_the_hash_for_unlisted_bins()
    {
        var plan = ShardPlan.Balance([("D20240101T000000_IFCB1", 5), ("D20240101T010000_IFCB1", 7), ("D20240101T020000_IFCB1", 0)], 2);
        var path = Path.Combine(_temp.FullName, "plan.csv");
        plan.Write(path);
        var read = ShardPlan.Read(path);

        Assert.Equal(2, read.Count);
        Assert.Equal(3, read.BinCount);
        foreach (var lid in new[] { "D20240101T000000_IFCB1", "D20240101T010000_IFCB1", "D20240101T020000_IFCB1" })
        {
            Assert.Equal(plan.ShardOf(lid), read.ShardOf(lid));
            Assert.True(new ShardSpec(read.ShardOf(lid)!.Value, 2) { Plan = read }.Contains(lid));
            Assert.False(new ShardSpec(1 - read.ShardOf(lid)!.Value, 2) { Plan = read }.Contains(lid));
        }

        // A bin the plan does not list belongs to its hash shard, and to exactly one
        const string late = "D20250101T000000_IFCB1";
        Assert.Null(read.ShardOf(late));
        Assert.Single(Enumerable.Range(0, 2), k => new ShardSpec(k, 2) { Plan = read }.Contains(late));
        Assert.True(new ShardSpec((int)(ShardSpec.StableHash(late) % 2), 2) { Plan = read }.Contains(late));
    }

    [Fact]
    public void A_bad_plan_names_the_file_and_line()
    {
        var path = Path.Combine(_temp.FullName, "bad.csv");
        File.WriteAllText(path, "# shards=2\nbin,shard,rois\nD20240101T000000_IFCB1,0,5\nD20240101T010000_IFCB1,2,5\n");
        var ex = Assert.Throws<IfcbDataException>(() => ShardPlan.Read(path));
        Assert.Equal(4, ex.Line);
        Assert.Contains("bad.csv", ex.Message);
    }
}
