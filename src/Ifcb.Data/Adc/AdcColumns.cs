namespace Ifcb.Data.Adc;

/// <summary>0-based ADC column indices for both schemas (docs/ifcb-format.md §3) and pyifcb's column names.</summary>
public static class AdcColumns
{
    /// <summary>pyifcb's v1 column names.</summary>
    public static readonly IReadOnlyList<string> V1Names =
    [
        "trigger", "processing_end_time", "fluorescence_low", "fluorescence_high", "scattering_low", "scattering_high",
        "comparator_pulse", "trigger_open_time", "frame_grab_time", "roi_x", "roi_y", "roi_width", "roi_height",
        "start_byte", "valve_status",
    ];

    /// <summary>pyifcb's v2 column names.</summary>
    public static readonly IReadOnlyList<string> V2Names =
    [
        "trigger", "adc_time", "pmt_a", "pmt_b", "pmt_c", "pmt_d", "peak_a", "peak_b", "peak_c", "peak_d",
        "time_of_flight", "grab_time_start", "grab_time_end", "roi_x", "roi_y", "roi_width", "roi_height",
        "start_byte", "comparator_out", "start_point", "signal_length", "status", "run_time", "inhibit_time",
    ];

    /// <summary>The trigger number (both schemas).</summary>
    public const int Trigger = 0;

    /// <summary>v1 trigger-open time (s).</summary>
    public const int V1TriggerOpenTime = 7;

    /// <summary>v1 frame-grab time (s).</summary>
    public const int V1FrameGrabTime = 8;

    /// <summary>v2 ADC time (s).</summary>
    public const int V2AdcTime = 1;

    /// <summary>v2 cumulative run time (s).</summary>
    public const int V2RunTime = 22;

    /// <summary>v2 cumulative inhibit time (s).</summary>
    public const int V2InhibitTime = 23;

    /// <summary>The first ROI geometry column (x); y, width, height and start byte follow it.</summary>
    public static int RoiX(AdcSchema schema) => schema == AdcSchema.V1 ? 9 : 13;

    /// <summary>The fewest columns a line may have: up to and including the start byte.</summary>
    public static int MinimumColumns(AdcSchema schema) => RoiX(schema) + 5;

    /// <summary>The column name for an index (extra columns are <c>unknown_i</c>, as ifcbdb names them).</summary>
    public static string Name(AdcSchema schema, int index)
    {
        var names = schema == AdcSchema.V1 ? V1Names : V2Names;
        return index < names.Count ? names[index] : $"unknown_{index}";
    }
}
