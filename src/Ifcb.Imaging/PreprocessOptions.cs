namespace Ifcb.Imaging;

/// <summary>Everything that turns a gray ROI into network input; a model card carries exactly these values.</summary>
public sealed record PreprocessOptions
{
    /// <summary>Side of the square input in pixels.</summary>
    public int InputSize { get; init; } = 299;

    /// <summary>Stretch (WHOI) or aspect-preserving pad.</summary>
    public ResizeMode Resize { get; init; } = ResizeMode.Stretch;

    /// <summary>Number of channels written: 3 (gray copied) or 1.</summary>
    public int Channels { get; init; } = 3;

    /// <summary>Per-channel mean subtracted after scaling to [0,1]: one value for all channels or one per channel.</summary>
    public IReadOnlyList<float> Mean { get; init; } = [0f];

    /// <summary>Per-channel standard deviation divided by after the mean: one value or one per channel.</summary>
    public IReadOnlyList<float> Std { get; init; } = [1f];

    /// <summary>Floats in one preprocessed image: channels x size x size.</summary>
    public int TensorLength => Channels * InputSize * InputSize;

    /// <summary>Throws <see cref="ArgumentException"/> with the offending setting when the options cannot be used.</summary>
    public void Validate()
    {
        if (InputSize is < 8 or > 4096)
        {
            throw new ArgumentException($"input size {InputSize} is outside 8..4096");
        }

        if (Channels is not (1 or 3))
        {
            throw new ArgumentException($"channels must be 1 or 3, not {Channels}");
        }

        if (Mean.Count != 1 && Mean.Count != Channels)
        {
            throw new ArgumentException($"mean has {Mean.Count} values; give 1 or {Channels}");
        }

        if (Std.Count != 1 && Std.Count != Channels)
        {
            throw new ArgumentException($"std has {Std.Count} values; give 1 or {Channels}");
        }

        foreach (var s in Std)
        {
            if (!(s > 0) || float.IsInfinity(s))
            {
                throw new ArgumentException($"std values must be positive, not {s}");
            }
        }

        foreach (var m in Mean)
        {
            if (!float.IsFinite(m))
            {
                throw new ArgumentException($"mean values must be finite, not {m}");
            }
        }
    }
}
