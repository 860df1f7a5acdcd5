namespace Ifcb.Data.Stitching;

/// <summary>Two ROIs of one trigger that overlap and are joined (v1 only): a's target names the result.</summary>
public sealed record StitchPair(int TargetA, int TargetB, int X, int Y, int Width, int Height);
