namespace Ifcb.Models;

/// <summary>The preprocessing recorded in a model card; maps 1:1 onto Ifcb.Imaging's <c>PreprocessOptions</c>.</summary>
public sealed record PreprocessingSpec
{
    /// <summary><c>stretch</c> (WHOI) or <c>pad</c> (aspect kept, background padding).</summary>
    public string ResizeMode { get; init; } = "stretch";

    /// <summary>Per-channel (or single) mean after scaling to [0,1].</summary>
    public IReadOnlyList<float> Mean { get; init; } = [0f];

    /// <summary>Per-channel (or single) standard deviation.</summary>
    public IReadOnlyList<float> Std { get; init; } = [1f];

    /// <summary>Problems with the spec for a model with <paramref name="channels"/> input channels.</summary>
    public IEnumerable<string> Problems(int channels)
    {
        if (ResizeMode is not ("stretch" or "pad"))
        {
            yield return $"preprocessing.resize_mode '{ResizeMode}' is not stretch or pad";
        }

        if (Mean is null || (Mean.Count != 1 && Mean.Count != channels))
        {
            yield return $"preprocessing.mean needs 1 or {channels} values";
        }
        else if (Mean.Any(m => !float.IsFinite(m)))
        {
            yield return "preprocessing.mean values must be finite";
        }

        if (Std is null || (Std.Count != 1 && Std.Count != channels))
        {
            yield return $"preprocessing.std needs 1 or {channels} values";
        }
        else if (Std.Any(s => !(s > 0) || float.IsInfinity(s)))
        {
            yield return "preprocessing.std values must be positive";
        }
    }
}
