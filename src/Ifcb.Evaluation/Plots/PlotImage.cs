namespace Ifcb.Evaluation.Plots;

/// <summary>One rendered plot: a file name stem, a caption, and the PNG bytes with their pixel size.</summary>
public sealed record PlotImage(string Name, string Caption, byte[] Png, int Width, int Height);
