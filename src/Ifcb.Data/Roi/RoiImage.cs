namespace Ifcb.Data.Roi;

/// <summary>Where one image lives in a .roi file: its target, size and start byte.</summary>
public readonly record struct RoiImage(int Target, int Width, int Height, long StartByte)
{
    /// <summary>The number of pixels (= bytes).</summary>
    public int Length => Width * Height;
}
