namespace Ifcb.Imaging;

/// <summary>How an ROI of any shape becomes the square network input.</summary>
public enum ResizeMode
{
    /// <summary>Stretched to the square, aspect ratio not kept (WHOI's recipe).</summary>
    Stretch,

    /// <summary>Scaled so the long side fits, aspect kept, padded with the image's background level.</summary>
    Pad,
}
