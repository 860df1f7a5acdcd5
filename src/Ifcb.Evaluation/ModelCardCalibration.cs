using System.Text.Json;
using System.Text.Json.Serialization;


namespace Ifcb.Evaluation;

/// <summary>
/// What classification later needs from an evaluation, ready for the model card: the softmax temperature and one
/// score threshold per class (an ROI whose winning score is below its class's threshold is "unclassified").
/// </summary>
public sealed record ModelCardCalibration(
    [property: JsonPropertyName("temperature")] double Temperature,
    [property: JsonPropertyName("threshold_rule")] string ThresholdRule,
    [property: JsonPropertyName("target_precision")] double TargetPrecision,
    [property: JsonPropertyName("thresholds")] IReadOnlyDictionary<string, double> Thresholds,
    [property: JsonPropertyName("thresholds_apply_to")] string ThresholdsApplyTo)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Builds the record from an analysis and a temperature.</summary>
    public static ModelCardCalibration From(Ifcb.Evaluation.Thresholds.ThresholdAnalysis thresholds, double temperature, bool thresholdsOnCalibratedScores)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var map = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var t in thresholds.Chosen)
        {
            map[t.Label] = t.Threshold;
        }

        return new ModelCardCalibration(
            temperature,
            thresholds.Rule == Ifcb.Evaluation.Thresholds.ThresholdRule.TargetPrecision ? "target_precision" : "max_f1",
            thresholds.TargetPrecision,
            map,
            thresholdsOnCalibratedScores ? "temperature_scaled_scores" : "raw_scores");
    }

    /// <summary>The record as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a record written by <see cref="ToJson"/>.</summary>
    public static ModelCardCalibration FromJson(string json)
        => JsonSerializer.Deserialize<ModelCardCalibration>(json, Json) ?? throw new JsonException("empty calibration record");
}
