using System.Text.Json;
using System.Text.Json.Serialization;
using Ifcb.Data;
using Ifcb.Data.IO;
using Ifcb.Models;

namespace Ifcb.Quantification;

/// <summary>
/// <c>quantification.json</c>: validation estimates refitted on another labelled set by <c>ifcb evaluate --model</c>,
/// with the class labels they follow, for <c>ifcb classify --estimates</c> (the model card's own estimates stay as
/// they were: the ONNX file is not rewritten).
/// </summary>
public static class EstimatesFile
{
    /// <summary>The file name <c>ifcb evaluate</c> writes.</summary>
    public const string FileName = "quantification.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>Writes the estimates and their labels atomically.</summary>
    public static void Write(string path, IReadOnlyList<string> classLabels, QuantificationEstimates estimates)
        => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(new Content { ClassLabels = classLabels, Estimates = estimates }, Options) + "\n");

    /// <summary>Reads a file and checks it against the model's labels; errors name the file and the reason.</summary>
    public static QuantificationEstimates Read(string path, IReadOnlyList<string> modelLabels)
    {
        ArgumentNullException.ThrowIfNull(modelLabels);
        if (!File.Exists(path))
        {
            throw new IfcbDataException(path, "estimates file not found");
        }

        Content? content;
        try
        {
            content = JsonSerializer.Deserialize<Content>(File.ReadAllText(path), Options);
        }
        catch (JsonException e)
        {
            throw new IfcbDataException(path, $"not a quantification estimates file: {e.Message}");
        }

        if (content?.Estimates is null)
        {
            throw new IfcbDataException(path, "not a quantification estimates file: no estimates");
        }

        if (!content.ClassLabels.SequenceEqual(modelLabels))
        {
            throw new IfcbDataException(path, "its class_labels differ from the model's");
        }

        var problems = content.Estimates.Problems(modelLabels.Count);
        return problems.Count == 0 ? content.Estimates : throw new IfcbDataException(path, string.Join("; ", problems));
    }

    private sealed record Content
    {
        public IReadOnlyList<string> ClassLabels { get; init; } = [];

        public QuantificationEstimates? Estimates { get; init; }
    }
}
