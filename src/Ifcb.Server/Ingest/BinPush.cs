using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ifcb.Server.Ingest;

/// <summary>
/// One bin's results as pushed to <c>POST /api/v1/datasets/{dataset}/bins</c> (camelCase JSON). A satellite
/// webhook builds the same object from a decoded message and calls <see cref="IngestService.IngestAsync"/>.
/// </summary>
public sealed class BinPush
{
    public string? Bin { get; set; }
    public DateTimeOffset? SampleTime { get; set; }
    public string? Instrument { get; set; }
    public double? MlAnalyzed { get; set; }
    public int? RoiCount { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public double? Depth { get; set; }
    public List<string>? QcFlags { get; set; }
    public PushModel? Model { get; set; }
    public List<PushClass>? Classes { get; set; }
    public PushScores? Scores { get; set; }

    /// <summary>
    /// Per-ROI scores from a binary push body (<see cref="BinaryPush"/>): ROI numbers as little-endian int32 and
    /// row-major little-endian float32 scores, taken as they arrived (no base64). Used instead of <see cref="Scores"/>.
    /// </summary>
    [JsonIgnore]
    public (byte[] RoiNumbers, byte[] Scores)? RawScores { get; set; }
}

/// <summary>The model that produced the results.</summary>
public sealed class PushModel
{
    public string? Id { get; set; }
    public string? Sha256 { get; set; }
    public JsonElement? Card { get; set; }
}

/// <summary>One class's counts (every class of the model, card order).</summary>
public sealed class PushClass
{
    public string? Name { get; set; }
    public int? WinnerCount { get; set; }
    public int? AboveThresholdCount { get; set; }
    public double? Threshold { get; set; }
    public PushCorrected? Corrected { get; set; }
}

/// <summary>A corrected count with its interval.</summary>
public sealed class PushCorrected
{
    public string? Method { get; set; }
    public double? Count { get; set; }
    public double? Low { get; set; }
    public double? High { get; set; }
}

/// <summary>Per-ROI scores: row-major ROIs x classes, little-endian float32, base64.</summary>
public sealed class PushScores
{
    public List<int>? RoiNumbers { get; set; }
    [JsonPropertyName("float32Base64")]
    public string? Float32Base64 { get; set; }
}
