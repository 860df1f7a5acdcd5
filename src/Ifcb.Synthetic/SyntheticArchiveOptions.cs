namespace Ifcb.Synthetic;

/// <summary>What <see cref="SyntheticArchiveWriter"/> writes: how many bins, how big, from which seed.</summary>
public sealed class SyntheticArchiveOptions
{
    /// <summary>Number of bins.</summary>
    public int Bins { get; init; } = 4;

    /// <summary>Image ROIs per bin (triggers without an image come on top).</summary>
    public int RoisPerBin { get; init; } = 200;

    /// <summary>The seed: the same seed gives byte-identical output.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The UTC day of the first bin.</summary>
    public DateTime Start { get; init; } = new(2022, 5, 19, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The instrument number in bin ids (<c>IFCB{nnn}</c>), 1-999.</summary>
    public int Instrument { get; init; } = 999;

    /// <summary>Bins per day; bins spread over consecutive days in the <c>D{YYYY}/D{YYYYMMDD}</c> layout.</summary>
    public int BinsPerDay { get; init; } = 3;

    /// <summary>How bins mix the classes (default: <see cref="ClassMixKind.Natural"/>, a random mix per bin).</summary>
    public ClassMixKind Mix { get; init; } = ClassMixKind.Natural;

    /// <summary>The class that blooms with <see cref="ClassMixKind.Bloom"/> (index into <see cref="SyntheticClasses.All"/>).</summary>
    public int BloomClass { get; init; } = 5;

    /// <summary>Threads that paint ROIs; output does not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Bins < 0)
        {
            throw new ArgumentException($"bins must be >= 0 (got {Bins})");
        }

        if (RoisPerBin < 0)
        {
            throw new ArgumentException($"ROIs per bin must be >= 0 (got {RoisPerBin})");
        }

        if (Instrument is < 1 or > 999)
        {
            throw new ArgumentException($"instrument must be 1-999 (got {Instrument})");
        }

        if (BinsPerDay < 1)
        {
            throw new ArgumentException($"bins per day must be >= 1 (got {BinsPerDay})");
        }

        if (BloomClass < 0 || BloomClass >= SyntheticClasses.Count)
        {
            throw new ArgumentException($"bloom class must be 0-{SyntheticClasses.Count - 1} (got {BloomClass})");
        }

        if (MaxDegreeOfParallelism < 1)
        {
            throw new ArgumentException($"parallelism must be >= 1 (got {MaxDegreeOfParallelism})");
        }
    }
}
