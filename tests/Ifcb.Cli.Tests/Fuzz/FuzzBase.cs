using System.Text;
using Ifcb.Data.Adc;
using Ifcb.Testing;

namespace Ifcb.Cli.Tests.Fuzz;

/// <summary>
/// A real fixture bin cut to its first ADC lines (and the .roi bytes they use), so that ten thousand mutated copies
/// stay small: the v1 bin keeps its stitch pair, the v2 bins a handful of images.
/// </summary>
internal sealed class FuzzBase
{
    private FuzzBase(AdcSchema schema, byte[] hdr, byte[] adc, byte[] roi, HashSet<int> imageLines, int roiEnd)
    {
        Schema = schema;
        Hdr = hdr;
        Adc = adc;
        Roi = roi;
        ImageLines = imageLines;
        RoiEnd = roiEnd;
    }

    public AdcSchema Schema { get; }

    public byte[] Hdr { get; }

    public byte[] Adc { get; }

    public byte[] Roi { get; }

    /// <summary>0-based indices of the ADC lines that carry an image.</summary>
    public HashSet<int> ImageLines { get; }

    /// <summary>The end of the last image in the .roi: a .roi cut below it is certainly bad.</summary>
    public int RoiEnd { get; }

    public static IReadOnlyList<FuzzBase> All { get; } =
    [
        Cut(TestBins.V1Stitched, AdcSchema.V1, lines: 6),
        Cut(TestBins.V2White, AdcSchema.V2, lines: 40),
        Cut(TestBins.McLane, AdcSchema.V2, lines: 5),
    ];

    private static FuzzBase Cut(string fixture, AdcSchema schema, int lines)
    {
        var path = TestData.PathOf(fixture);
        var adcText = File.ReadAllText(path + ".adc", Encoding.ASCII);
        var kept = string.Join('\n', adcText.Split('\n').Take(lines)) + "\n";
        var adc = Encoding.ASCII.GetBytes(kept);
        var rows = AdcFile.Parse(path + ".adc", adc, schema).Rows;
        var images = rows.Where(r => r.HasImage).ToList();
        var end = (int)images.Max(r => r.StartByte + (r.Width * r.Height));
        var roi = File.ReadAllBytes(path + ".roi")[..end];
        return new FuzzBase(schema, File.ReadAllBytes(path + ".hdr"), adc, roi,
            [.. images.Select(r => r.LineNumber - 1)], end);
    }
}
