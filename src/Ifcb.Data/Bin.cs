using Ifcb.Data.Adc;
using Ifcb.Data.Hdr;
using Ifcb.Data.Ids;
using Ifcb.Data.Roi;
using Ifcb.Data.Stitching;
using Ifcb.Data.Volume;

namespace Ifcb.Data;

/// <summary>
/// One open raw bin: id, header, ADC rows and the image set (stitched and infilled for v1 bins, as pyifcb's
/// bin zip, ifcbdb and the classifiers see it). Owns the .roi handle: dispose it.
/// </summary>
public sealed class Bin : IDisposable
{
    /// <summary>The largest stitched image accepted (a camera frame is 1.4 Mpx).</summary>
    public const long MaxStitchedPixels = 1L << 26;

    private readonly Dictionary<int, StitchPair> _stitched;
    private readonly int[] _images;
    private readonly List<string> _problems;
    private VolumeAnalyzed? _volume;

    private Bin(BinFiles files, HeaderFile header, AdcFile adc, RoiFile roi, List<string> problems, long hdrSize, long adcSize)
    {
        Files = files;
        Header = header;
        Adc = adc;
        Roi = roi;
        _problems = problems;
        FileSize = hdrSize + adcSize + roi.Length;
        Pairs = Stitcher.FindPairs(adc);
        _stitched = Pairs.ToDictionary(p => p.TargetA);
        var excluded = Pairs.Select(p => p.TargetB).ToHashSet();
        _images = roi.Images.Select(i => i.Target).Where(t => !excluded.Contains(t)).ToArray();
        // ROI geometry problems name the .roi, so a failure report says which file to look at.
        _problems.AddRange(roi.Problems.Select(p => $"{Path.GetFileName(files.RoiPath)}: {p}"));
    }

    /// <summary>The three files.</summary>
    public BinFiles Files { get; }

    /// <summary>The bin id.</summary>
    public BinId Id => Files.Id;

    /// <summary>The parsed header.</summary>
    public HeaderFile Header { get; }

    /// <summary>The parsed ADC file.</summary>
    public AdcFile Adc { get; }

    /// <summary>The raw .roi file (unstitched images).</summary>
    public RoiFile Roi { get; }

    /// <summary>The v1 stitch pairs (empty for v2).</summary>
    public IReadOnlyList<StitchPair> Pairs { get; }

    /// <summary>The targets of the image set, in order (v1: second ROIs of stitch pairs removed).</summary>
    public IReadOnlyList<int> Images => _images;

    /// <summary>The number of images in the image set.</summary>
    public int ImageCount => _images.Length;

    /// <summary>The number of triggers (the last ADC line's trigger number).</summary>
    public long TriggerCount => Adc.TriggerCount;

    /// <summary>Total size of the three files in bytes.</summary>
    public long FileSize { get; }

    /// <summary>Integrity problems found (bad ROI geometry, an empty file); empty for a sound bin.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Volume analysed, look time and run time (pyifcb's metrics).</summary>
    public VolumeAnalyzed Volume => _volume ??= VolumeCalculator.Compute(Id, Adc, Header);

    /// <summary>The volume analysed in mL (NaN when undefined).</summary>
    public double MlAnalyzed => Volume.MilliLitres;

    /// <summary>Opens a bin from a path with or without extension.</summary>
    public static Bin Open(string path) => Open(BinFiles.FromPath(path));

    /// <summary>Opens a bin from its three files (the id comes from the .adc name).</summary>
    public static Bin Open(string hdrPath, string adcPath, string roiPath)
    {
        var id = BinFiles.FromPath(adcPath).Id;
        return Open(new BinFiles(id, hdrPath, adcPath, roiPath));
    }

    /// <summary>Opens a bin from its files.</summary>
    /// <param name="files">The three files.</param>
    /// <param name="access">How the .roi is read (see <see cref="RoiAccess"/>).</param>
    public static Bin Open(BinFiles files, RoiAccess access = RoiAccess.PositionedReads)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var p in new[] { files.HdrPath, files.AdcPath, files.RoiPath })
        {
            if (!File.Exists(p))
            {
                throw new IfcbDataException(p, "missing file: a bin needs .hdr, .adc and .roi");
            }
        }

        var problems = new List<string>();
        var hdrSize = new FileInfo(files.HdrPath).Length;
        var adcSize = new FileInfo(files.AdcPath).Length;
        if (hdrSize == 0)
        {
            problems.Add("empty .hdr file");
        }

        var header = HeaderReader.Read(files.HdrPath);
        var adc = AdcFile.Read(files.AdcPath, files.Id.Schema);
        var roi = RoiFile.Open(files.RoiPath, adc, access);
        // An empty bin is legitimate (v1: a 2-byte .roi of NUL pads); ROI bytes with no ADC lines are not.
        var emptyRoiSize = files.Id.Schema == AdcSchema.V1 ? 2 : 0;
        if (adc.Count == 0 && roi.Length > emptyRoiSize)
        {
            problems.Add($"empty .adc file but the .roi file has {roi.Length} bytes");
        }

        try
        {
            return new Bin(files, header, adc, roi, problems, hdrSize, adcSize);
        }
        catch
        {
            roi.Dispose();
            throw;
        }
    }

    /// <summary>True when the target is in the image set.</summary>
    public bool ContainsImage(int target) => Array.BinarySearch(_images, target) >= 0;

    /// <summary>
    /// Null when <paramref name="target"/> is an image of the set that can be read; otherwise why not (no such ADC line,
    /// a 0x0 line, the second half of a v1 stitch pair, bad geometry), for messages.
    /// </summary>
    public string? WhyNoImage(int target)
    {
        if (ContainsImage(target))
        {
            return Roi.Errors.TryGetValue(target, out var error) ? error : null;
        }

        if (Pairs.FirstOrDefault(p => p.TargetB == target) is { } pair)
        {
            return $"this ROI is the second half of a stitched pair; its pixels are in target {pair.TargetA}'s image";
        }

        return target < 1 || target > Adc.Count
            ? $"no such ROI: the bin has {Adc.Count} ADC lines"
            : "no image for this target (a 0x0 ADC line)";
    }

    /// <summary>The width and height of an image of the set (the stitched box for a v1 pair).</summary>
    public (int Width, int Height) GetImageSize(int target)
    {
        if (_stitched.TryGetValue(target, out var pair))
        {
            return (pair.Width, pair.Height);
        }

        RequireInSet(target);
        var image = Roi.GetImage(target);
        return (image.Width, image.Height);
    }

    /// <summary>Reads an image of the set into a new array (stitched and infilled for a v1 pair).</summary>
    public byte[] ReadImage(int target, out int width, out int height)
    {
        if (_stitched.TryGetValue(target, out var pair))
        {
            // Both halves are bounded by the file, but their box need not be: refuse a corrupt, huge one.
            if ((long)pair.Width * pair.Height > MaxStitchedPixels)
            {
                throw new IfcbDataException(Roi.Path, $"stitched box {pair.Width}x{pair.Height} of targets {pair.TargetA} and {pair.TargetB} is absurdly large", target: target);
            }

            var a = Roi.ReadImage(pair.TargetA);
            var b = Roi.ReadImage(pair.TargetB);
            width = pair.Width;
            height = pair.Height;
            return Stitcher.Stitch(pair, Adc[pair.TargetA], a, Adc[pair.TargetB], b, out _);
        }

        RequireInSet(target);
        var image = Roi.GetImage(target);
        width = image.Width;
        height = image.Height;
        var pixels = new byte[image.Length];
        Roi.ReadImage(image, pixels);
        return pixels;
    }

    /// <summary>The ROI id of a target.</summary>
    public string RoiId(int target) => Id.RoiId(target);

    /// <summary>Closes the .roi file.</summary>
    public void Dispose() => Roi.Dispose();

    /// <summary>The id.</summary>
    public override string ToString() => Id.Lid;

    private void RequireInSet(int target)
    {
        if (WhyNoImage(target) is { } reason)
        {
            throw new IfcbDataException(Roi.Path, reason, target: target);
        }
    }
}
