namespace Ifcb.Inference.Outputs;

/// <summary>Formats provided by other libraries (the v3 h5 writer lives in Ifcb.Formats).</summary>
public static class ScoresFormats
{
    /// <summary>The format named <paramref name="name"/>, or null.</summary>
    // PENDING: "h5" is wired to Ifcb.Formats' ClassScoresV3 writer once that branch is merged.
    public static IScoresFormat? Extra(string name) => null;
}
