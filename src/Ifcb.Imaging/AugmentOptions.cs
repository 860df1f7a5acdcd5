using System.Globalization;

namespace Ifcb.Imaging;

/// <summary>Seeded training-time augmentation, applied to the 8-bit ROI before the shared preprocessing.</summary>
public sealed record AugmentOptions
{
    /// <summary>No augmentation at all.</summary>
    public static AugmentOptions None { get; } = new();

    /// <summary>WHOI's <c>x</c>: flip top-bottom (across the x axis) with probability 0.5.</summary>
    public bool FlipX { get; init; }

    /// <summary>WHOI's <c>y</c>: flip left-right (across the y axis) with probability 0.5.</summary>
    public bool FlipY { get; init; }

    /// <summary>WHOI's <c>+V</c>: augment the validation images too (WHOI's meaning; off by default).</summary>
    public bool AugmentValidation { get; init; }

    /// <summary>Rotate by a random multiple of 90 degrees.</summary>
    public bool Rotate90 { get; init; }

    /// <summary>Random zoom in [1 - s, 1 + s] (0 = off).</summary>
    public double Scale { get; init; }

    /// <summary>Random shift up to this fraction of the side in x and y (0 = off).</summary>
    public double Shift { get; init; }

    /// <summary>Random brightness offset up to this fraction of full scale (0 = off).</summary>
    public double Brightness { get; init; }

    /// <summary>Random contrast factor in [1 - c, 1 + c] around the background level (0 = off).</summary>
    public double Contrast { get; init; }

    /// <summary>True when anything at all would change an image.</summary>
    public bool IsActive => FlipX || FlipY || Rotate90 || Scale > 0 || Shift > 0 || Brightness > 0 || Contrast > 0;

    /// <summary>
    /// Parses WHOI's <c>--flip</c> value: <c>x</c>, <c>y</c>, <c>xy</c>, each optionally followed by <c>+V</c>;
    /// <c>none</c> turns flips off. Throws <see cref="FormatException"/> naming the value.
    /// </summary>
    public AugmentOptions WithFlip(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var v = value.Trim();
        var validation = false;
        if (v.EndsWith("+V", StringComparison.OrdinalIgnoreCase))
        {
            validation = true;
            v = v[..^2];
        }

        return v.ToLowerInvariant() switch
        {
            "none" or "" when !validation => this with { FlipX = false, FlipY = false, AugmentValidation = false },
            "x" => this with { FlipX = true, FlipY = false, AugmentValidation = validation },
            "y" => this with { FlipX = false, FlipY = true, AugmentValidation = validation },
            "xy" or "yx" => this with { FlipX = true, FlipY = true, AugmentValidation = validation },
            _ => throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"flip '{value}' is not one of x, y, xy (optionally +V) or none")),
        };
    }

    /// <summary>The <c>--flip</c> spelling of the flip settings.</summary>
    public string FlipText => (FlipX, FlipY) switch
    {
        (true, true) => "xy",
        (true, false) => "x",
        (false, true) => "y",
        _ => "none",
    } + (AugmentValidation && (FlipX || FlipY) ? "+V" : "");
}
