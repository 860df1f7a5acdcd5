namespace Ifcb.Testing;

/// <summary>
/// The fixture catalogue (like ImageSharp's <c>TestImages</c>): one constant per real bin or file, relative to
/// <see cref="TestData.Root"/> and without extension for bins. PROVENANCE.md says where each comes from.
/// </summary>
public static class TestBins
{
    /// <summary>v1 bin with a stitch pair (3, 4), a 0x0 line, trailing commas, NUL-padded .roi.</summary>
    public const string V1Stitched = "pyifcb/data/IFCB5_2012_028_081515";

    /// <summary>v2 WHOI bin, 118 lines, 19 ROIs; ml_analyzed 4.88507 mL.</summary>
    public const string V2White = "pyifcb/white/D20130526T095207_IFCB013";

    /// <summary>Empty v1 bin (2-byte .roi).</summary>
    public const string V1Empty = "pyifcb/empty/IFCB5_2017_001_033645";

    /// <summary>Empty v2 bin (0-byte .adc and .roi); ml_analyzed from the header.</summary>
    public const string V2Empty = "pyifcb/empty/D20150411T205456_IFCB012";

    /// <summary>Modern McLane v2 bin, 18 lines, 17 ROIs, target 15 is 0x0 with start byte 0.</summary>
    public const string McLane = "ifcb-pytorch-classify/bins/D20220519T124533_IFCB134";

    /// <summary>McLane .hdr/.adc (no .roi): 45 lines for 41 triggers, duplicated <c>sampleType</c>.</summary>
    public const string IRfcbMultiRoi = "iRfcb/data/D20230810T113059_IFCB134";

    /// <summary>IFCB1 .adc/.hdr (no .roi): CRLF, trailing commas, <c>8.984375E-02</c> numbers.</summary>
    public const string Ifcb1Crlf = "ifcb-analysis/IFCB1_2009_216/IFCB1_2009_216_075913";

    /// <summary>IFCB1 legacy header with 6 lines (full values).</summary>
    public const string Ifcb1Header2011 = "ifcb-analysis/IFCB1_2011_231/IFCB1_2011_231_182610.hdr";

    /// <summary>Legacy header, 4-line 2006 variant: no values at all.</summary>
    public const string LegacyHeader4Lines = "ifcb-analysis/headerFiles/IFCB1_2006_157_181359.hdr";

    /// <summary>Legacy header with only 3 values.</summary>
    public const string LegacyHeader3Values = "ifcb-analysis/headerFiles/IFCB1_2006_188_200152.hdr";

    /// <summary>Legacy header with 5 values.</summary>
    public const string LegacyHeader5Values = "ifcb-analysis/headerFiles/IFCB1_2006_214_150922.hdr";

    /// <summary>Legacy header with all 6 values.</summary>
    public const string LegacyHeader6Values = "ifcb-analysis/headerFiles/IFCB1_2006_237_000054.hdr";

    /// <summary>The complete raw bins (all three files present).</summary>
    public static readonly IReadOnlyList<string> CompleteBins = [V1Stitched, V2White, V1Empty, V2Empty, McLane];

    /// <summary>The complete v2 bins with images (for round-trip writing).</summary>
    public static readonly IReadOnlyList<string> V2BinsWithImages = [V2White, McLane];
}
