using Ifcb.Data.Ids;

namespace Ifcb.Formats.Labels;

/// <summary>
/// One manually labelled ROI: its bin, its target number (the 1-based ADC line; for v1 bins the stitched numbering
/// ifcb-analysis uses, where a stitched image keeps its first half's number), its class name, and where the label
/// was read (<c>file:line</c> or <c>file (roi N)</c>), for messages.
/// </summary>
/// <param name="Bin">The bin.</param>
/// <param name="Target">The ROI (target) number.</param>
/// <param name="Class">The class name as the source spells it.</param>
/// <param name="Source">Where the label comes from.</param>
public sealed record RoiLabel(BinId Bin, int Target, string Class, string Source)
{
    /// <summary>The ROI id, <c>{LID}_{target:05d}</c>.</summary>
    public string Pid => Bin.RoiId(Target);
}
