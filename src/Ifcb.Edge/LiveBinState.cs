namespace Ifcb.Edge;

/// <summary>Where a bin on the instrument's disk stands.</summary>
public enum LiveBinState
{
    /// <summary>Still being written (or not yet settled).</summary>
    Waiting,

    /// <summary>All three files, settled, the ADC's last ROI inside the .roi: safe to classify.</summary>
    Complete,

    /// <summary>Stopped changing for the abandon timeout without ever completing.</summary>
    Abandoned,
}
