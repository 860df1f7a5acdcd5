namespace Ifcb.Push;

/// <summary>A corrected count with its interval (the count-correction issue fills it).</summary>
public sealed record PushCorrected(string Method, double Count, double Low, double High);
