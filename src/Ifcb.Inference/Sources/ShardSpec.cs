using System.Text;

namespace Ifcb.Inference.Sources;

/// <summary>
/// Shard K of N (0-based K): a bin belongs to the shard whose index equals a stable hash of its id modulo N.
/// The hash is FNV-1a over the UTF-8 id, never <see cref="string.GetHashCode()"/>, which is randomised per process.
/// </summary>
public sealed record ShardSpec(int Index, int Count)
{
    /// <summary>The whole archive in one shard.</summary>
    public static ShardSpec All { get; } = new(0, 1);

    /// <summary>Whether this is a real split (N &gt; 1).</summary>
    public bool IsSplit => Count > 1;

    /// <summary>An explicit, ROI-balanced assignment to follow instead of the id hash (bins it does not list use the hash).</summary>
    public ShardPlan? Plan { get; init; }

    /// <summary>Whether <paramref name="lid"/> belongs to this shard.</summary>
    public bool Contains(string lid) => (Plan?.ShardOf(lid) ?? (int)(StableHash(lid) % (ulong)Count)) == Index;

    /// <summary>A suffix for per-shard run files, e.g. <c>-2-of-8</c>; empty when not split.</summary>
    public string FileSuffix => IsSplit ? $"-{Index}-of-{Count}" : string.Empty;

    /// <summary>64-bit FNV-1a of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static ulong StableHash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>Parses <c>K/N</c> (0 &lt;= K &lt; N).</summary>
    public static ShardSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var k) || !int.TryParse(parts[1], out var n))
        {
            throw new FormatException($"shard '{text}' is not K/N");
        }

        return Create(k, n, text);
    }

    /// <summary>
    /// The shard from the environment: SLURM array variables (<c>SLURM_ARRAY_TASK_ID</c>/<c>SLURM_ARRAY_TASK_COUNT</c>),
    /// or a Kubernetes indexed job (<c>JOB_COMPLETION_INDEX</c> with <paramref name="shardCount"/>); null when neither is set.
    /// </summary>
    public static ShardSpec? FromEnvironment(Func<string, string?> getVariable, int? shardCount)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var slurmId = getVariable("SLURM_ARRAY_TASK_ID");
        var slurmCount = getVariable("SLURM_ARRAY_TASK_COUNT");
        if (!string.IsNullOrEmpty(slurmId) && !string.IsNullOrEmpty(slurmCount))
        {
            // SLURM arrays may start at any index (--array=1-8); the minimum makes the index 0-based.
            var min = getVariable("SLURM_ARRAY_TASK_MIN");
            var offset = int.TryParse(min, out var m) ? m : 0;
            if (!int.TryParse(slurmId, out var id) || !int.TryParse(slurmCount, out var count))
            {
                throw new FormatException($"SLURM_ARRAY_TASK_ID '{slurmId}' / SLURM_ARRAY_TASK_COUNT '{slurmCount}' are not integers");
            }

            return Create(id - offset, shardCount ?? count, $"SLURM {slurmId}/{slurmCount}");
        }

        var index = getVariable("JOB_COMPLETION_INDEX");
        if (!string.IsNullOrEmpty(index))
        {
            if (shardCount is null)
            {
                throw new FormatException("JOB_COMPLETION_INDEX is set: give the shard count with --shard-count");
            }

            if (!int.TryParse(index, out var k))
            {
                throw new FormatException($"JOB_COMPLETION_INDEX '{index}' is not an integer");
            }

            return Create(k, shardCount.Value, $"JOB_COMPLETION_INDEX {index}");
        }

        return null;
    }

    private static ShardSpec Create(int k, int n, string source)
    {
        if (n < 1 || k < 0 || k >= n)
        {
            throw new FormatException($"shard '{source}' needs 0 <= K < N");
        }

        return new ShardSpec(k, n);
    }
}
