using Ifcb.Models;

namespace Ifcb.Imaging;

/// <summary>Maps a model card's preprocessing onto <see cref="PreprocessOptions"/> and back.</summary>
public static class ModelCardPreprocessing
{
    /// <summary>The options the card prescribes: inference and evaluation use exactly these.</summary>
    public static PreprocessOptions ToPreprocessOptions(this ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return new PreprocessOptions
        {
            InputSize = card.InputSize,
            Channels = card.InputChannels,
            Resize = ParseResizeMode(card.Preprocessing.ResizeMode),
            Mean = [.. card.Preprocessing.Mean],
            Std = [.. card.Preprocessing.Std],
        };
    }

    /// <summary>The card spec that records <paramref name="options"/>.</summary>
    public static PreprocessingSpec ToSpec(this PreprocessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PreprocessingSpec
        {
            ResizeMode = options.Resize == ResizeMode.Pad ? "pad" : "stretch",
            Mean = [.. options.Mean],
            Std = [.. options.Std],
        };
    }

    /// <summary>Parses <c>stretch</c> or <c>pad</c>; throws <see cref="FormatException"/> otherwise.</summary>
    public static ResizeMode ParseResizeMode(string value) => value?.Trim().ToLowerInvariant() switch
    {
        "stretch" => ResizeMode.Stretch,
        "pad" => ResizeMode.Pad,
        _ => throw new FormatException($"resize mode '{value}' is not stretch or pad"),
    };
}
