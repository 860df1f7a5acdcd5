namespace Ifcb.Server.Validation;

/// <summary>One ROI as the model saw it: its winning class, the winning score and the margin to the second class.</summary>
/// <param name="Bin">The bin id.</param>
/// <param name="SampleTimeMs">The bin's sample time (Unix ms).</param>
/// <param name="Roi">The ROI (target) number.</param>
/// <param name="Class">The winning class index.</param>
/// <param name="Score">The winning score.</param>
/// <param name="Margin">Winning score minus the second highest score (1 for a one-class model).</param>
public sealed record RoiPrediction(string Bin, long SampleTimeMs, int Roi, int Class, float Score, float Margin)
{
    /// <summary>The ROI id, <c>{bin}_{roi:05d}</c>.</summary>
    public string Pid => Ifcb.Data.Ids.BinId.FormatRoiId(Bin, Roi);
}
