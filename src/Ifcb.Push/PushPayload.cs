using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ifcb.Push;

/// <summary>
/// One bin's results as the hub's push API takes them (<c>POST /api/v1/datasets/{dataset}/bins</c>, camelCase JSON).
/// Every class of the model appears, in card order, so the hub never has to guess a missing zero.
/// </summary>
public sealed record PushPayload
{
    /// <summary>The serializer settings of the contract: camelCase, nulls written.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>The bin id (LID).</summary>
    public required string Bin { get; init; }

    /// <summary>Sample time, ISO 8601 UTC (the hub derives it from the id when absent).</summary>
    public string? SampleTime { get; init; }

    /// <summary>Instrument name, e.g. <c>IFCB123</c>.</summary>
    public required string Instrument { get; init; }

    /// <summary>Volume analysed in mL (null when unknown: the hub then stores no concentration).</summary>
    public double? MlAnalyzed { get; init; }

    /// <summary>ROIs classified.</summary>
    public required int RoiCount { get; init; }

    /// <summary>Latitude when the header has it.</summary>
    public double? Latitude { get; init; }

    /// <summary>Longitude when the header has it.</summary>
    public double? Longitude { get; init; }

    /// <summary>Depth when the header has it.</summary>
    public double? Depth { get; init; }

    /// <summary>Quality-control flags.</summary>
    public IReadOnlyList<string> QcFlags { get; init; } = [];

    /// <summary>The model that produced the counts.</summary>
    public required PushModel Model { get; init; }

    /// <summary>Per-class counts, every class of the model in card order.</summary>
    public required IReadOnlyList<PushClass> Classes { get; init; }

    /// <summary>Optional per-ROI scores (not sent by this client yet: counts are what the link can afford).</summary>
    public PushScores? Scores { get; init; }

    /// <summary>The JSON body.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses a JSON body (the outbox stores payloads as JSON).</summary>
    public static PushPayload FromJson(string json)
        => JsonSerializer.Deserialize<PushPayload>(json, Json) ?? throw new JsonException("empty payload");
}
