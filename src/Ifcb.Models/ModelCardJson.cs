using System.Text.Json;
using System.Text.Json.Serialization;
using Ifcb.Data;
using Ifcb.Data.IO;

namespace Ifcb.Models;

/// <summary>Reads and writes <see cref="ModelCard"/> as snake_case JSON; writes are atomic.</summary>
public static class ModelCardJson
{
    /// <summary>The conventional card file name in a model folder.</summary>
    public const string FileName = ModelFiles.Card;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>The card as JSON text.</summary>
    public static string Serialize(ModelCard card) => JsonSerializer.Serialize(card, Options);

    /// <summary>Parses and validates a card; <paramref name="source"/> names it in errors.</summary>
    public static ModelCard Deserialize(string json, string source)
    {
        ModelCard? card;
        try
        {
            card = JsonSerializer.Deserialize<ModelCard>(json, Options);
        }
        catch (JsonException e)
        {
            throw new IfcbDataException(source, $"not a valid model card: {e.Message}", line: e.LineNumber is { } l ? (int)l + 1 : null);
        }

        if (card is null)
        {
            throw new IfcbDataException(source, "not a valid model card: null");
        }

        var problems = card.Validate();
        if (problems.Count > 0)
        {
            throw new IfcbDataException(source, "invalid model card: " + string.Join("; ", problems));
        }

        return card;
    }

    /// <summary>Reads <paramref name="path"/> (a card file, or a folder holding <c>model.json</c>).</summary>
    public static ModelCard Read(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, FileName) : path;
        if (!File.Exists(file))
        {
            throw new IfcbDataException(file, "model card not found");
        }

        return Deserialize(File.ReadAllText(file), file);
    }

    /// <summary>Validates and writes atomically.</summary>
    public static void Write(string path, ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var problems = card.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("refusing to write an invalid model card: " + string.Join("; ", problems), nameof(card));
        }

        AtomicFile.WriteAllText(path, Serialize(card) + "\n");
    }
}
