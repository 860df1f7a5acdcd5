using System.Security.Cryptography;
using Ifcb.Data.Adc;
using Ifcb.Testing;

namespace Ifcb.Data.Tests.Fixtures;

/// <summary>Every value of EXPECTED.json, for every bin in it.</summary>
public sealed class ExpectedFactsTests
{
    public static TheoryData<string> Lids => [.. ExpectedFacts.All.Keys];

    [Theory]
    [MemberData(nameof(Lids))]
    public void Counts_sizes_schema_and_checksums_match(string lid)
    {
        // Given the expected facts of a fixture bin
        var expected = ExpectedFacts.For(lid);

        // When the bin is opened
        using var bin = Bin.Open(TestData.PathOf(expected.Path));

        // Then the counts, sizes and schema agree
        Assert.Equal(lid, bin.Id.Lid);
        Assert.Equal(expected.Schema, bin.Id.SchemaVersion);
        Assert.Equal(expected.TargetCount, bin.Adc.Count);
        Assert.Equal(expected.AdcColumns, bin.Adc.ColumnCounts);
        Assert.Equal(expected.TriggerCount, bin.TriggerCount);
        Assert.Equal(expected.RoiFileSize, bin.Roi.Length);
        Assert.Equal(expected.RoiNumbers, bin.Roi.Images.Select(i => i.Target));
        Assert.Empty(bin.Problems);
        foreach (var (ext, sha) in expected.Sha256)
        {
            var bytes = File.ReadAllBytes(TestData.PathOf(expected.Path) + "." + ext);
            Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }

        var sizes = new[] { ".hdr", ".adc", ".roi" }.Sum(e => new FileInfo(TestData.PathOf(expected.Path) + e).Length);
        Assert.Equal(sizes, bin.FileSize);
    }

    [Theory]
    [MemberData(nameof(Lids))]
    public void Every_roi_has_the_expected_geometry_and_pixels(string lid)
    {
        var expected = ExpectedFacts.For(lid);
        using var bin = Bin.Open(TestData.PathOf(expected.Path));
        var buffer = new byte[1 << 20];
        foreach (var (key, roi) in expected.Rois)
        {
            // When each ROI is read into a reused buffer
            var target = int.Parse(key, System.Globalization.CultureInfo.InvariantCulture);
            var row = bin.Adc[target];
            var n = bin.Roi.ReadImage(target, buffer);
            var pixels = buffer.AsSpan(0, n);

            // Then its ADC values and pixels match
            Assert.Equal((roi.Width, roi.Height, roi.StartByte), (row.Width, row.Height, row.StartByte));
            Assert.Equal((roi.X, roi.Y, roi.Trigger), (row.X, row.Y, row.Trigger));
            Assert.Equal(roi.Width * roi.Height, n);
            long sum = 0;
            foreach (var p in pixels)
            {
                sum += p;
            }

            Assert.Equal(roi.Sum, sum);
            Assert.Equal(roi.Mean, (double)sum / n, 1e-4); // recorded to 4 decimals
            Assert.Equal(roi.FirstRowFirst5, pixels[..5].ToArray().Select(b => (int)b));
            Assert.Equal(roi.RoiId, bin.RoiId(target));
            Assert.Equal(pixels.ToArray(), bin.Roi.ReadImage(target));
        }
    }

    [Theory]
    [MemberData(nameof(Lids))]
    public void Memory_mapped_reads_equal_positioned_reads(string lid)
    {
        var expected = ExpectedFacts.For(lid);
        using var plain = Bin.Open(TestData.PathOf(expected.Path));
        using var mapped = Bin.Open(BinFiles.FromPath(TestData.PathOf(expected.Path)), Roi.RoiAccess.MemoryMapped);
        Assert.Equal(expected.RoiFileSize > 0 ? Roi.RoiAccess.MemoryMapped : Roi.RoiAccess.PositionedReads, mapped.Roi.Access);
        foreach (var t in mapped.Images)
        {
            Assert.Equal(plain.ReadImage(t, out _, out _), mapped.ReadImage(t, out _, out _));
        }
    }

    [Fact]
    public void V1_stitching_matches_the_recorded_shape_fill_set_corners_and_slice()
    {
        // Given the v1 bin with one stitch pair
        var expected = ExpectedFacts.For("IFCB5_2012_028_081515");
        var s = expected.Stitching!;
        using var bin = Bin.Open(TestData.PathOf(expected.Path));

        // Then the pair, the image set and the stitched image agree with EXPECTED.json
        Assert.Equal(s.Pairs.Select(p => (p[0], p[1])), bin.Pairs.Select(p => (p.TargetA, p.TargetB)));
        Assert.Equal(s.InfilledRoiNumbers, bin.Images);
        var pixels = bin.ReadImage(s.StitchedTarget, out var w, out var h);
        Assert.Equal(s.ShapeHw, new[] { h, w });

        var pair = bin.Pairs[0];
        var a = bin.Roi.ReadImage(pair.TargetA);
        var b = bin.Roi.ReadImage(pair.TargetB);
        var raw = Stitching.Stitcher.RawStitch(pair, bin.Adc[pair.TargetA], a, bin.Adc[pair.TargetB], b, out var mask);
        Assert.Equal(s.InfillValue, Stitching.Stitcher.FillValue(raw, mask, w, h));
        for (var r = 0; r < 4; r++)
        {
            for (var c = 0; c < 6; c++)
            {
                // The recorded slice is the raw stitch, with the gap as 0.
                var i = (23 + r) * w + 177 + c;
                Assert.Equal(s.RawSlice[r][c], mask[i] ? 0 : raw[i]);
                Assert.Equal(mask[i] ? s.InfillValue : s.RawSlice[r][c], pixels[i]);
            }
        }

        foreach (var (key, corners) in s.Corners)
        {
            var t = int.Parse(key, System.Globalization.CultureInfo.InvariantCulture);
            var img = bin.ReadImage(t, out var iw, out var ih);
            Assert.Equal(corners, new int[] { img[0], img[iw - 1], img[(ih - 1) * iw], img[ih * iw - 1] });
        }
    }

    [Fact]
    public void V1_metrics_match_pyifcb()
    {
        var expected = ExpectedFacts.For("IFCB5_2012_028_081515");
        using var bin = Bin.Open(TestData.PathOf(expected.Path));
        var m = expected.Metrics!;
        Assert.Equal(m.MlAnalyzed, bin.MlAnalyzed, 1e-5);
        Assert.Equal(m.RunTime, bin.Volume.RunTime, 1e-5);
        Assert.Equal(m.LookTime, bin.Volume.LookTime, 1e-5);
        Assert.Equal(m.TriggerRate, bin.TriggerCount / bin.Volume.RunTime, 1e-5);
        Assert.True(bin.Header.TryGetDouble("temperature", out var t));
        Assert.True(bin.Header.TryGetDouble("humidity", out var hu));
        Assert.Equal(m.Temperature, t, 1e-9);
        Assert.Equal(m.Humidity, hu, 1e-9);
    }

    [Fact]
    public void V2_white_metrics_match_pyifcb_and_the_header_figure_differs()
    {
        var expected = ExpectedFacts.For("D20130526T095207_IFCB013");
        using var bin = Bin.Open(TestData.PathOf(expected.Path));
        var m = expected.Metrics!;
        Assert.Equal(m.MlAnalyzed, bin.MlAnalyzed, 1e-5);
        Assert.Equal(4.88507, bin.MlAnalyzed, 1e-5);
        Assert.Equal(m.RunTime, bin.Volume.RunTime, 1e-5);
        Assert.Equal(m.LookTime, bin.Volume.LookTime, 1e-5);
        Assert.Equal(m.TriggerRate, bin.TriggerCount / bin.Volume.RunTime, 1e-5);
        Assert.Equal(expected.AdcLastRunTime!.Value, bin.Adc.Rows[^1][AdcColumns.V2RunTime], 1e-9);
        Assert.Equal(expected.AdcLastInhibitTime!.Value, bin.Adc.Rows[^1][AdcColumns.V2InhibitTime], 1e-9);
        Assert.Equal(expected.HeaderRunTime!.Value, (double)bin.Header["runtime"]!, 1e-9);
        Assert.Equal(expected.HeaderInhibitTime!.Value, (double)bin.Header["INHIBITTIME"]!, 1e-9);
        Assert.Equal(expected.MlAnalyzedHeader!.Value, Volume.VolumeCalculator.FromHeader(bin.Header).MilliLitres, 1e-5);
        Assert.Equal(m.Temperature, (double)bin.Header["temperature"]!, 1e-9);
        Assert.Equal(m.Humidity, (double)bin.Header["humidity"]!, 1e-9);

        // ROI 99's recorded 5x5 corner
        var pixels = bin.ReadImage(99, out var w, out _);
        for (var r = 0; r < 5; r++)
        {
            Assert.Equal(m.Roi99Slice5x5![r], pixels.AsSpan(r * w, 5).ToArray().Select(p => (int)p));
        }
    }

    [Fact]
    public void McLane_ml_analyzed_matches_the_adc_figure()
    {
        var expected = ExpectedFacts.For("D20220519T124533_IFCB134");
        using var bin = Bin.Open(TestData.PathOf(expected.Path));
        Assert.Equal(expected.MlAnalyzedSimpleAdc!.Value, bin.MlAnalyzed, 1e-5);
        Assert.Equal(expected.MlAnalyzedHeader!.Value, Volume.VolumeCalculator.FromHeader(bin.Header).MilliLitres, 1e-5);
        Assert.Equal(expected.AdcLastRunTime!.Value, bin.Volume.RunTime, 1e-5);
        Assert.Equal(expected.HeaderRunTime!.Value, (double)bin.Header["runTime"]!, 1e-9);
        Assert.Equal(expected.HeaderInhibitTime!.Value, (double)bin.Header["inhibitTime"]!, 1e-9);
        Assert.False(bin.Roi.HasImage(15));
        Assert.Equal(0, bin.Adc[15].StartByte);
    }

    [Fact]
    public void Empty_v2_bin_falls_back_to_the_header()
    {
        var expected = ExpectedFacts.For("D20150411T205456_IFCB012");
        using var bin = Bin.Open(TestData.PathOf(expected.Path));
        Assert.Equal(expected.MlAnalyzedHeader!.Value, bin.MlAnalyzed, 1e-5);
        Assert.Equal(expected.HeaderRunTime!.Value, bin.Volume.RunTime, 1e-9);
        Assert.Equal(expected.HeaderRunTime.Value - expected.HeaderInhibitTime!.Value, bin.Volume.LookTime, 1e-9);
        Assert.Equal(0, bin.ImageCount);
    }

    [Fact]
    public void Empty_v1_bin_has_no_volume()
    {
        using var bin = Bin.Open(TestData.PathOf(TestBins.V1Empty));
        Assert.True(double.IsNaN(bin.MlAnalyzed));
        Assert.Equal(0, bin.TriggerCount);
        Assert.Empty(bin.Images);
        Assert.Empty(bin.Problems);
    }
}
