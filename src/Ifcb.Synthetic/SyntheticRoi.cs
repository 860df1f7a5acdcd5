namespace Ifcb.Synthetic;

/// <summary>An image ROI of a synthetic bin: its target number (1-based ADC line) and its pixels.</summary>
public sealed record SyntheticRoi(int Target, SyntheticImage Image);
