namespace Ifcb.Cluster;

/// <summary>The resources each array task asks SLURM for; null leaves the cluster's default.</summary>
public sealed record SlurmResources
{
    /// <summary><c>--partition</c>.</summary>
    public string? Partition { get; init; }

    /// <summary><c>--gpus-per-task</c> (0: none).</summary>
    public int GpusPerTask { get; init; }

    /// <summary><c>--cpus-per-task</c>.</summary>
    public int? CpusPerTask { get; init; }

    /// <summary><c>--mem</c>, e.g. <c>16G</c>.</summary>
    public string? Mem { get; init; }

    /// <summary><c>--time</c>, e.g. <c>04:00:00</c>.</summary>
    public string? Time { get; init; }

    /// <summary><c>--account</c>.</summary>
    public string? Account { get; init; }
}
