using Ifcb.Imaging;
using Ifcb.Models;

namespace Ifcb.Inference.Models;

/// <summary>Everything the pipeline needs to know about a model: file, labels, preprocessing, thresholds, temperature.</summary>
public sealed record ModelDescription
{
    /// <summary>The ONNX file.</summary>
    public required string OnnxPath { get; init; }

    /// <summary>Our model card or a WHOI-style model.</summary>
    public required ModelKind Kind { get; init; }

    /// <summary>The model id written into outputs (<c>model_id</c>).</summary>
    public required string ModelId { get; init; }

    /// <summary>Class labels in output order.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>The shared preprocessing the model was trained with (WHOI: stretch, [0,1], no normalisation).</summary>
    public required PreprocessOptions Preprocessing { get; init; }

    /// <summary>Input channels (3: gray copied; 1: gray).</summary>
    public int InputChannels => Preprocessing.Channels;

    /// <summary>Square input side in pixels.</summary>
    public int InputSize => Preprocessing.InputSize;

    /// <summary>Per-class score thresholds (null when the model has none).</summary>
    public IReadOnlyList<float>? Thresholds { get; init; }

    /// <summary>Softmax temperature (logits are divided by it).</summary>
    public float Temperature { get; init; } = 1f;

    /// <summary>True for a model written by <c>ifcb quantize</c> (int8).</summary>
    public bool IsQuantized { get; init; }

    /// <summary>The model card when the model carries one (null for WHOI models).</summary>
    public ModelCard? Card { get; init; }
}
