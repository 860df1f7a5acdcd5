using Ifcb.Inference.Models;

namespace Ifcb.Inference.Preprocessing;

/// <summary>The preprocessor a model asks for: Ifcb.Imaging's shared preprocessing with the model's options.</summary>
public static class RoiPreprocessors
{
    /// <summary>Creates the preprocessor for <paramref name="model"/>.</summary>
    public static IRoiPreprocessor For(ModelDescription model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Preprocessing.Validate();
        return new SharedPreprocessor(model.Preprocessing);
    }
}
