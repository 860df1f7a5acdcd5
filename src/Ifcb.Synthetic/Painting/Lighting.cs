namespace Ifcb.Synthetic.Painting;

/// <summary>How a canvas is turned into pixels: background, gradient, contrast, blur and noise.</summary>
internal readonly record struct Lighting(
    float Background,
    float GradientX,
    float GradientY,
    float Contrast,
    float MaxDensity,
    int BlurPasses,
    float NoiseSigma);
