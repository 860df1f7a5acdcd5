namespace Ifcb.Inference.Models;

/// <summary>How a ROI becomes a square input.</summary>
public enum ResizeMode
{
    /// <summary>Stretched to the square, aspect ratio not kept (WHOI).</summary>
    Stretch,

    /// <summary>Aspect ratio kept, padded with the background level.</summary>
    Pad,
}
