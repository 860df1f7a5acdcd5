namespace Ifcb.Synthetic;

/// <summary>One painted ROI: 8-bit gray, row-major, <see cref="Width"/> bytes per row.</summary>
public sealed class SyntheticImage(int classIndex, int width, int height, byte[] pixels)
{
    /// <summary>The ordinal of the class in <see cref="SyntheticClasses.All"/>.</summary>
    public int ClassIndex { get; } = classIndex;

    /// <summary>The class name.</summary>
    public string ClassName => SyntheticClasses.All[ClassIndex];

    /// <summary>Bytes per row.</summary>
    public int Width { get; } = width;

    /// <summary>Number of rows.</summary>
    public int Height { get; } = height;

    /// <summary>Row-major pixels, <c>Width * Height</c> bytes.</summary>
    public byte[] Pixels { get; } = pixels;
}
