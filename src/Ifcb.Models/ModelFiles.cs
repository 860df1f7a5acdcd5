namespace Ifcb.Models;

/// <summary>
/// The names every producer and consumer of a model or a training run folder agrees on, defined once: the trainer
/// writes them, export and classify read them, evaluate and the hub look for them. A rename here is a format change.
/// </summary>
public static class ModelFiles
{
    /// <summary>The ONNX metadata key holding the model card JSON.</summary>
    public const string CardMetadataKey = "ifcb_model_card";

    /// <summary>The model card inside a run folder.</summary>
    public const string Card = "model.json";

    /// <summary>The ONNX export inside a run folder.</summary>
    public const string Onnx = "model.onnx";

    /// <summary>The extension of the class-list sidecar beside an ONNX file (one label per line, WHOI style).</summary>
    public const string ClassesExtension = ".classes";

    /// <summary>The class-list sidecar of <see cref="Onnx"/> inside a run folder.</summary>
    public const string Classes = "model.classes";

    /// <summary>The best epoch's validation predictions: <c>image,true_class,predicted_class,&lt;class...&gt;</c>.</summary>
    public const string ValidationPredictions = "validation_predictions.csv";

    /// <summary>The per-epoch history: <c>epoch,train_loss,val_loss,accuracy,f1_macro,f1_weighted,lr,seconds</c>.</summary>
    public const string Epochs = "epochs.csv";

    /// <summary>The class-list sidecar that belongs to <paramref name="onnxPath"/>.</summary>
    public static string ClassesPathFor(string onnxPath) => Path.ChangeExtension(onnxPath, ClassesExtension);
}
