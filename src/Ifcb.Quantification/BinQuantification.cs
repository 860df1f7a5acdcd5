namespace Ifcb.Quantification;

/// <summary>The corrected counts of one bin (or time window), one <see cref="ClassEstimate"/> per class in model order.</summary>
public sealed record BinQuantification(QuantificationMethod Method, IReadOnlyList<ClassEstimate> Classes)
{
    /// <summary>No correction for <paramref name="classCount"/> classes.</summary>
    public static BinQuantification None(int classCount)
        => new(QuantificationMethod.None, [.. Enumerable.Repeat(ClassEstimate.Flagged(string.Empty), classCount)]);
}
