namespace Ifcb.Quantification;

/// <summary>How intervals are made.</summary>
public sealed record QuantificationOptions
{
    /// <summary>Bootstrap replicates per bin (0: no intervals).</summary>
    public int Bootstrap { get; init; } = 200;

    /// <summary>Interval coverage aimed for (two-sided, percentile bootstrap).</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>Checks the values; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (Bootstrap < 0)
        {
            throw new ArgumentException($"bootstrap replicates must be >= 0 (got {Bootstrap})");
        }

        if (!(Confidence > 0 && Confidence < 1))
        {
            throw new ArgumentException($"confidence must be in (0, 1) (got {Confidence})");
        }
    }
}
