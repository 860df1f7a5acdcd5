using Ifcb.Inference.Sources;

namespace Ifcb.Inference.Tests;

public sealed class ShardSpecTests
{
    [Theory]
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void The_hash_is_64_bit_FNV_1a(string text, ulong expected)
        // Published FNV-1a test vectors (Fowler/Noll/Vo reference).
        => Assert.Equal(expected, ShardSpec.StableHash(text));

    [Fact]
    public void Shards_partition_bins()
    {
        // Given 500 ids and 7 shards
        var ids = Enumerable.Range(0, 500).Select(i => $"D20240101T{i:D6}_IFCB013").ToList();

        // Then every id is in exactly one shard
        Assert.All(ids, id => Assert.Single(Enumerable.Range(0, 7), k => new ShardSpec(k, 7).Contains(id)));
    }

    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("3/8", 3, 8)]
    public void Parses_K_of_N(string text, int k, int n)
        => Assert.Equal(new ShardSpec(k, n), ShardSpec.Parse(text));

    [Theory]
    [InlineData("8/8")]
    [InlineData("-1/4")]
    [InlineData("1")]
    [InlineData("a/b")]
    public void Rejects_bad_shards(string text)
        => Assert.Throws<FormatException>(() => ShardSpec.Parse(text));

    [Fact]
    public void SLURM_array_variables_give_the_shard_relative_to_the_arrays_first_index()
    {
        // Given SLURM --array=1-4, task 3
        var env = new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "3", ["SLURM_ARRAY_TASK_COUNT"] = "4", ["SLURM_ARRAY_TASK_MIN"] = "1" };

        // Then it is shard 2 of 4
        Assert.Equal(new ShardSpec(2, 4), ShardSpec.FromEnvironment(env.GetValueOrDefault, null));
    }

    [Fact]
    public void A_Kubernetes_indexed_job_needs_the_shard_count()
    {
        var env = new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "5" };
        Assert.Equal(new ShardSpec(5, 6), ShardSpec.FromEnvironment(env.GetValueOrDefault, 6));
        Assert.Throws<FormatException>(() => ShardSpec.FromEnvironment(env.GetValueOrDefault, null));
        Assert.Null(ShardSpec.FromEnvironment(_ => null, null));
    }
}
