using Ifcb.Inference.Models;

namespace Ifcb.Inference.Preprocessing;

/// <summary>The preprocessor a model asks for (its card's preprocessing spec, or WHOI's stretch to [0,1]).</summary>
public static class RoiPreprocessors
{
    /// <summary>Creates the preprocessor for <paramref name="model"/>.</summary>
    // PENDING: wired to Ifcb.Imaging's shared Preprocessor once that branch is merged; no second preprocessing here.
    public static IRoiPreprocessor For(ModelDescription model)
        => throw new InvalidOperationException($"the shared preprocessing (Ifcb.Imaging) is not in this build: cannot prepare inputs for {model?.ModelId}");
}
