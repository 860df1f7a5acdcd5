using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ifcb.Testing;

/// <summary>A typed view of <c>EXPECTED.json</c>: facts computed independently of this code base.</summary>
public static class ExpectedFacts
{
    private static readonly Lazy<IReadOnlyDictionary<string, ExpectedBin>> LazyAll = new(Load);

    /// <summary>Every bin in EXPECTED.json by LID.</summary>
    public static IReadOnlyDictionary<string, ExpectedBin> All => LazyAll.Value;

    /// <summary>The facts of one bin.</summary>
    public static ExpectedBin For(string lid) => All[lid];

    private static IReadOnlyDictionary<string, ExpectedBin> Load()
    {
        var json = File.ReadAllText(TestData.PathOf("EXPECTED.json"));
        return JsonSerializer.Deserialize<Dictionary<string, ExpectedBin>>(json)
            ?? throw new InvalidDataException("EXPECTED.json is empty");
    }
}

/// <summary>Expected facts of one bin.</summary>
public sealed class ExpectedBin
{
    [JsonPropertyName("path")] public string Path { get; init; } = "";
    [JsonPropertyName("schema")] public int Schema { get; init; }
    [JsonPropertyName("n_targets")] public int TargetCount { get; init; }
    [JsonPropertyName("adc_columns")] public int[] AdcColumns { get; init; } = [];
    [JsonPropertyName("n_triggers")] public long TriggerCount { get; init; }
    [JsonPropertyName("roi_file_size")] public long RoiFileSize { get; init; }
    [JsonPropertyName("sha256")] public Dictionary<string, string> Sha256 { get; init; } = [];
    [JsonPropertyName("roi_numbers")] public int[] RoiNumbers { get; init; } = [];
    [JsonPropertyName("rois")] public Dictionary<string, ExpectedRoi> Rois { get; init; } = [];
    [JsonPropertyName("stitching")] public ExpectedStitching? Stitching { get; init; }
    [JsonPropertyName("pyifcb_recorded_metrics")] public ExpectedMetrics? Metrics { get; init; }
    [JsonPropertyName("adc_last_runtime")] public double? AdcLastRunTime { get; init; }
    [JsonPropertyName("adc_last_inhibittime")] public double? AdcLastInhibitTime { get; init; }
    [JsonPropertyName("ml_analyzed_simple_adc")] public double? MlAnalyzedSimpleAdc { get; init; }
    [JsonPropertyName("hdr_runTime")] public double? HeaderRunTime { get; init; }
    [JsonPropertyName("hdr_inhibitTime")] public double? HeaderInhibitTime { get; init; }
    [JsonPropertyName("ml_analyzed_hdr")] public double? MlAnalyzedHeader { get; init; }

    /// <summary>The LID (last path component).</summary>
    public string Lid => System.IO.Path.GetFileName(Path);
}

/// <summary>Expected facts of one raw ROI.</summary>
public sealed class ExpectedRoi
{
    [JsonPropertyName("width")] public int Width { get; init; }
    [JsonPropertyName("height")] public int Height { get; init; }
    [JsonPropertyName("start_byte")] public long StartByte { get; init; }
    [JsonPropertyName("x")] public int X { get; init; }
    [JsonPropertyName("y")] public int Y { get; init; }
    [JsonPropertyName("trigger")] public long Trigger { get; init; }
    [JsonPropertyName("mean")] public double Mean { get; init; }
    [JsonPropertyName("sum")] public long Sum { get; init; }
    [JsonPropertyName("first_row_first5")] public int[] FirstRowFirst5 { get; init; } = [];
    [JsonPropertyName("roi_id")] public string RoiId { get; init; } = "";
}

/// <summary>Expected stitching facts of the v1 bin.</summary>
public sealed class ExpectedStitching
{
    [JsonPropertyName("pairs")] public int[][] Pairs { get; init; } = [];
    [JsonPropertyName("stitched_target")] public int StitchedTarget { get; init; }
    [JsonPropertyName("stitched_shape_hw")] public int[] ShapeHw { get; init; } = [];
    [JsonPropertyName("infill_value")] public int InfillValue { get; init; }
    [JsonPropertyName("infilled_roi_numbers")] public int[] InfilledRoiNumbers { get; init; } = [];
    [JsonPropertyName("corners_tl_tr_bl_br")] public Dictionary<string, int[]> Corners { get; init; } = [];
    [JsonPropertyName("raw_stitch_slice_rows23to26_cols177to182")] public int[][] RawSlice { get; init; } = [];
}

/// <summary>Metrics recorded by pyifcb's own tests.</summary>
public sealed class ExpectedMetrics
{
    [JsonPropertyName("ml_analyzed")] public double MlAnalyzed { get; init; }
    [JsonPropertyName("run_time")] public double RunTime { get; init; }
    [JsonPropertyName("look_time")] public double LookTime { get; init; }
    [JsonPropertyName("trigger_rate")] public double TriggerRate { get; init; }
    [JsonPropertyName("temperature")] public double Temperature { get; init; }
    [JsonPropertyName("humidity")] public double Humidity { get; init; }
    [JsonPropertyName("roi99_slice5x5")] public int[][]? Roi99Slice5x5 { get; init; }
}
