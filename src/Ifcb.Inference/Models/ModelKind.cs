namespace Ifcb.Inference.Models;

/// <summary>Where a model came from, which decides how its inputs are prepared.</summary>
public enum ModelKind
{
    /// <summary>Our export: the model card JSON sits in the ONNX metadata under <c>ifcb_model_card</c>.</summary>
    IfcbCard,

    /// <summary>A WHOI-style ONNX file with a <c>.classes</c> sidecar: stretch to the input size, [0,1], no normalisation.</summary>
    Whoi,
}
