namespace Ifcb.Datasets;

/// <summary>Keeps ROIs of one group on one side of the split.</summary>
public enum GroupSplit
{
    /// <summary>Images are split independently.</summary>
    None,

    /// <summary>All ROIs of one bin (sample) go to the same side.</summary>
    Bin,

    /// <summary>All ROIs of one day go to the same side.</summary>
    Day,
}
