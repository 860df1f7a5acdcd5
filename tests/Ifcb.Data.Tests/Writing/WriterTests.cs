using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Ifcb.Data.Png;
using Ifcb.Data.Writing;
using Ifcb.Testing;

namespace Ifcb.Data.Tests.Writing;

public sealed class WriterTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ifcb-writer-");

    public void Dispose() => _temp.Delete(recursive: true);

    public static TheoryData<string> RoundTripBins => [TestBins.V2White, TestBins.McLane, TestBins.V1Stitched, TestBins.V1Empty, TestBins.V2Empty];

    [Theory]
    [MemberData(nameof(RoundTripBins))]
    public void Rewriting_a_real_bin_gives_byte_identical_files(string fixture)
    {
        // Given a real bin
        using var bin = Bin.Open(TestData.PathOf(fixture));

        // When it is written back from its parsed parts
        var files = BinWriter.Rewrite(bin, _temp.FullName);

        // Then all three files are byte-identical to the originals
        Assert.Equal(File.ReadAllBytes(bin.Files.HdrPath), File.ReadAllBytes(files.HdrPath));
        Assert.Equal(File.ReadAllBytes(bin.Files.AdcPath), File.ReadAllBytes(files.AdcPath));
        Assert.Equal(File.ReadAllBytes(bin.Files.RoiPath), File.ReadAllBytes(files.RoiPath));
        Assert.Empty(Directory.GetFiles(_temp.FullName, "*" + IO.AtomicFile.TempSuffix));
    }

    [Fact]
    public void Writer_sets_start_bytes_from_the_image_layout()
    {
        // Given two v2 lines whose start bytes are wrong, one without an image
        var id = Ifcb.Data.Ids.BinId.Parse("D20200101T000000_IFCB101");
        string Line(int w, int h, long start) => $"1,0.5,0,0,0,0,0,0,0,0,0,0,0,10,20,{w},{h},{start},0,0,0,0,1.0,0.1";
        TargetRecord[] targets = [new(Line(2, 3, 999), new byte[] { 1, 2, 3, 4, 5, 6 }), new(Line(0, 0, 0), ReadOnlyMemory<byte>.Empty), new(Line(1, 1, 999), new byte[] { 9 })];

        // When written
        var files = BinWriter.Write(_temp.FullName, id, "SoftwareVersion: 1\n"u8, targets);

        // Then the images are back-to-back from 0 and the reader finds them
        using var bin = Bin.Open(files);
        Assert.Equal(new long[] { 0, 0, 6 }, bin.Adc.Rows.Select(r => r.StartByte));
        Assert.Equal(new byte[] { 9 }, bin.Roi.ReadImage(3));
        Assert.Equal(7, bin.Roi.Length);
    }

    [Fact]
    public void Bin_zip_has_stored_entries_in_order_with_pyifcb_contents()
    {
        // Given the v2 white bin
        using var bin = Bin.Open(TestData.PathOf(TestBins.V2White));

        // When zipped
        var path = BinZipWriter.WriteTo(bin, _temp.FullName);

        // Then the entries, their order and storage method follow pyifcb
        using var zip = ZipFile.OpenRead(path);
        var lid = bin.Id.Lid;
        var expectedNames = new[] { "metadata.json", lid + "_headers.json", lid + ".csv" }
            .Concat(ExpectedFacts.For(lid).RoiNumbers.Select(t => $"{lid}_{t:D5}.png"));
        Assert.Equal(expectedNames, zip.Entries.Select(e => e.FullName));
        Assert.All(zip.Entries, e => Assert.Equal(e.Length, e.CompressedLength));

        var meta = JsonDocument.Parse(Read(zip, "metadata.json")).RootElement;
        Assert.Equal(lid, meta.GetProperty("lid").GetString());
        Assert.Equal(2, meta.GetProperty("schema").GetInt32());
        Assert.Equal("2013-05-26T09:52:07+00:00", meta.GetProperty("timestamp").GetString());

        var headers = JsonDocument.Parse(Read(zip, lid + "_headers.json")).RootElement;
        Assert.Equal(JsonValueKind.Number, headers.GetProperty("imagerID").ValueKind);
        Assert.Equal(13, headers.GetProperty("imagerID").GetInt32());
        Assert.Equal(0.45, headers.GetProperty("PMTAhighVoltage").GetDouble());
        Assert.Equal("COM3", headers.GetProperty("KloehnPort").GetString());
        Assert.StartsWith("softwareVersion: Imaging FlowCytobot", headers.GetProperty("context").GetString());

        var csv = Encoding.UTF8.GetString(Read(zip, lid + ".csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(118, csv.Length);
        Assert.All(csv, line => Assert.Equal(24, line.Split(',').Length));

        foreach (var t in ExpectedFacts.For(lid).RoiNumbers)
        {
            var png = GrayPng.Decode(Read(zip, $"{lid}_{t:D5}.png"), out var w, out var h);
            Assert.Equal(bin.Roi.ReadImage(t), png);
            Assert.Equal((int)bin.Adc[t].Width, w);
            Assert.Equal((int)bin.Adc[t].Height, h);
        }
    }

    [Fact]
    public void V1_bin_zip_holds_the_stitched_set_and_a_csv_without_the_trailing_column()
    {
        using var bin = Bin.Open(TestData.PathOf(TestBins.V1Stitched));
        var path = BinZipWriter.WriteTo(bin, _temp.FullName);
        using var zip = ZipFile.OpenRead(path);
        var pngs = zip.Entries.Where(e => e.FullName.EndsWith(".png", StringComparison.Ordinal)).Select(e => e.FullName);
        Assert.Equal(new[] { 1, 2, 3, 5, 6 }.Select(t => $"IFCB5_2012_028_081515_{t:D5}.png"), pngs);
        var stitched = GrayPng.Decode(Read(zip, "IFCB5_2012_028_081515_00003.png"), out var w, out var h);
        Assert.Equal((263, 86), (w, h));
        Assert.Equal(bin.ReadImage(3, out _, out _), stitched);

        var csv = Encoding.UTF8.GetString(Read(zip, "IFCB5_2012_028_081515.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, csv.Length);
        // pandas re-serialises: .3105469 -> 0.3105469, integer columns stay integers, 15 columns.
        Assert.StartsWith("1,0.3105469,0.06072998046875,", csv[0]);
        Assert.Equal(15, csv[0].Split(',').Length);
        Assert.Equal("202", csv[0].Split(',')[9]);
    }

    [Fact]
    public void Png_export_writes_one_file_per_image_and_stretch_spans_0_to_255()
    {
        using var bin = Bin.Open(TestData.PathOf(TestBins.McLane));
        var plain = PngExport.Export(bin, Path.Combine(_temp.FullName, "plain"));
        var stretched = PngExport.Export(bin, Path.Combine(_temp.FullName, "stretched"), stretch: true);
        Assert.Equal(17, plain.Count);
        Assert.Equal(bin.Images.Select(t => bin.RoiId(t) + ".png"), plain.Select(Path.GetFileName));
        for (var i = 0; i < plain.Count; i++)
        {
            var raw = GrayPng.Decode(File.ReadAllBytes(plain[i]), out _, out _);
            Assert.Equal(bin.Roi.ReadImage(bin.Images[i]), raw);
            var s = GrayPng.Decode(File.ReadAllBytes(stretched[i]), out _, out _);
            Assert.Equal(0, s.Min());
            Assert.Equal(255, s.Max());
            // Order is preserved: the darkest raw pixel is still the darkest.
            Assert.Equal(Array.IndexOf(raw, raw.Min()), Array.IndexOf(s, (byte)0));
        }
    }

    [Fact]
    public void Stretch_maps_min_to_0_and_max_to_255_and_leaves_flat_images()
    {
        byte[] pixels = [100, 150, 200];
        PngExport.Stretch(pixels);
        Assert.Equal(new byte[] { 0, 128, 255 }, pixels);
        byte[] flat = [7, 7];
        PngExport.Stretch(flat);
        Assert.Equal(new byte[] { 7, 7 }, flat);
    }

    private static byte[] Read(ZipArchive zip, string name)
    {
        using var s = zip.GetEntry(name)!.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
