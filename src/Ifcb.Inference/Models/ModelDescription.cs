namespace Ifcb.Inference.Models;

/// <summary>Everything the pipeline needs to know about a model: file, input, preprocessing, labels, thresholds.</summary>
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

    /// <summary>Input channels (3: gray copied; 1: gray).</summary>
    public int InputChannels { get; init; } = 3;

    /// <summary>Square input side in pixels.</summary>
    public required int InputSize { get; init; }

    /// <summary>How ROIs are resized.</summary>
    public ResizeMode Resize { get; init; } = ResizeMode.Stretch;

    /// <summary>Per-channel mean subtracted after [0,1] scaling (empty: none).</summary>
    public IReadOnlyList<float> Mean { get; init; } = [];

    /// <summary>Per-channel standard deviation divided by after the mean (empty: none).</summary>
    public IReadOnlyList<float> Std { get; init; } = [];

    /// <summary>Per-class score thresholds (null when the model has none).</summary>
    public IReadOnlyList<float>? Thresholds { get; init; }

    /// <summary>Softmax temperature (logits are divided by it).</summary>
    public float Temperature { get; init; } = 1f;

    /// <summary>The model card JSON when the model carries one (null for WHOI models).</summary>
    public string? CardJson { get; init; }
}
