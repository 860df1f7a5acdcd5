namespace Ifcb.Datasets;

/// <summary>How labelled images are gathered into a dataset.</summary>
public sealed record DatasetOptions
{
    /// <summary>Optional class-config column (keep / skip / rename / merge).</summary>
    public ClassConfig? ClassConfig { get; init; }

    /// <summary>Classes with fewer images (after merging) are dropped; WHOI's default is 2.</summary>
    public int ClassMin { get; init; } = 2;

    /// <summary>Classes with more images are subsampled (seeded) to this many; null = no limit.</summary>
    public int? ClassMax { get; init; }

    /// <summary>Seed for the class-max subsample.</summary>
    public int Seed { get; init; }
}
