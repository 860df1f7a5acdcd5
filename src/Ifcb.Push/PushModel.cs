using System.Text.Json;

namespace Ifcb.Push;

/// <summary>The model part of a push: its id, the sha256 of its ONNX file, and optionally its card.</summary>
public sealed record PushModel
{
    /// <summary>The model id (as in every output's metadata).</summary>
    public required string Id { get; init; }

    /// <summary>Lower-case hex sha256 of the ONNX file.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The model card JSON, when the client has it.</summary>
    public JsonElement? Card { get; init; }
}
