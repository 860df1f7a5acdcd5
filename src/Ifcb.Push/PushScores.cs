namespace Ifcb.Push;

/// <summary>Per-ROI scores: ROI numbers and row-major little-endian float32 (ROIs x classes), base64.</summary>
public sealed record PushScores(IReadOnlyList<int> RoiNumbers, string Float32Base64);
