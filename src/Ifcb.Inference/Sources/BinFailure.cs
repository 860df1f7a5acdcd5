namespace Ifcb.Inference.Sources;

/// <summary>A bin that could not be classified: one row of <c>failures.csv</c>.</summary>
/// <param name="Bin">The bin id (or the input text when no id could be parsed).</param>
/// <param name="File">The file at fault.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record BinFailure(string Bin, string File, string Reason);
