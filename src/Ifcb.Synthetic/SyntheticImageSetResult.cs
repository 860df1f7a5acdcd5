namespace Ifcb.Synthetic;

/// <summary>What <see cref="SyntheticImageSetWriter.Write"/> wrote.</summary>
public sealed record SyntheticImageSetResult(string Root, int Images, IReadOnlyList<string> Classes);
