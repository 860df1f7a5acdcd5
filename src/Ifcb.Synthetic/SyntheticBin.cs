namespace Ifcb.Synthetic;

/// <summary>A generated bin in memory: its id, the header and ADC text, and the images in target order.</summary>
public sealed class SyntheticBin
{
    internal SyntheticBin(string lid, DateTime timestamp, string header, string adc, IReadOnlyList<SyntheticRoi> rois, int lines, int triggers)
    {
        Lid = lid;
        Timestamp = timestamp;
        HeaderText = header;
        AdcText = adc;
        Rois = rois;
        Lines = lines;
        Triggers = triggers;
    }

    /// <summary>The bin id, <c>D{yyyyMMdd}T{HHmmss}_IFCB{nnn}</c>.</summary>
    public string Lid { get; }

    /// <summary>The bin time (UTC), as encoded in <see cref="Lid"/>.</summary>
    public DateTime Timestamp { get; }

    /// <summary>The complete <c>.hdr</c> text (CRLF line ends).</summary>
    public string HeaderText { get; }

    /// <summary>The complete <c>.adc</c> text (24 columns, CRLF line ends).</summary>
    public string AdcText { get; }

    /// <summary>The image ROIs in target order; their bytes back-to-back are the <c>.roi</c> file.</summary>
    public IReadOnlyList<SyntheticRoi> Rois { get; }

    /// <summary>ADC lines, including triggers without an image.</summary>
    public int Lines { get; }

    /// <summary>Distinct triggers (the last trigger number).</summary>
    public int Triggers { get; }

    /// <summary>The ROI id of a target: <c>{Lid}_{target:00000}</c>.</summary>
    public string Pid(int target) => PidOf(Lid, target);

    /// <summary>The relative directory of the bin in the pyifcb deposit layout: <c>D{YYYY}/D{YYYYMMDD}</c>.</summary>
    public string RelativeDirectory => DirectoryOf(Timestamp);

    internal static string PidOf(string lid, int target) => Data.Ids.BinId.FormatRoiId(lid, target);

    internal static string DirectoryOf(DateTime timestamp) => Path.Combine($"D{timestamp:yyyy}", $"D{timestamp:yyyyMMdd}");
}
