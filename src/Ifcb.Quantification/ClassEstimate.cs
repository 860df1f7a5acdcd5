namespace Ifcb.Quantification;

/// <summary>
/// One class's corrected count in one bin with its interval; NaN values and a <see cref="Note"/> when the class is
/// flagged instead of corrected (e.g. <c>low_support:n=3</c>).
/// </summary>
public sealed record ClassEstimate(double Count, double Low, double High, string Note = "")
{
    /// <summary>A flagged class: no corrected value.</summary>
    public static ClassEstimate Flagged(string note) => new(double.NaN, double.NaN, double.NaN, note);

    /// <summary>True when a corrected value was produced.</summary>
    public bool HasValue => !double.IsNaN(Count);
}
