using System.Text;
using Ifcb.Data.Adc;
using Ifcb.Data.Directories;
using Ifcb.Testing;

namespace Ifcb.Data.Tests.BadInput;

/// <summary>Each kind of broken input gives one <see cref="IfcbDataException"/> naming the file, line or target, and why.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ifcb-bad-");

    public void Dispose() => _temp.Delete(recursive: true);

    private string Copy(string fixture, string sub = "b") => TestData.CopyBin(fixture, Path.Combine(_temp.FullName, sub));

    private static void SetCell(string adcPath, int target, int column, string value)
    {
        var lines = File.ReadAllLines(adcPath);
        var cells = lines[target - 1].Split(',');
        cells[column] = value;
        lines[target - 1] = string.Join(',', cells);
        File.WriteAllLines(adcPath, lines);
    }

    [Fact]
    public void Truncated_roi_is_a_problem_and_reading_that_image_names_the_target()
    {
        // Given the white bin with its .roi cut inside target 99
        var b = Copy(TestBins.V2White);
        using (var f = File.OpenWrite(b + ".roi"))
        {
            f.SetLength(ExpectedFacts.For("D20130526T095207_IFCB013").Rois["99"].StartByte + 10);
        }

        // When opened
        using var bin = Bin.Open(b);

        // Then earlier images read, and the cut one fails with file, target and reason
        Assert.NotEmpty(bin.Problems);
        Assert.Contains(bin.Problems, p => p.Contains("target 99", StringComparison.Ordinal) && p.Contains("truncated", StringComparison.Ordinal));
        Assert.NotEmpty(bin.Roi.ReadImage(92));
        var ex = Assert.Throws<IfcbDataException>(() => bin.Roi.ReadImage(99));
        Assert.Equal(99, ex.Target);
        Assert.Equal(b + ".roi", ex.FilePath);
        Assert.Contains("truncated", ex.Reason);
        Assert.Equal(102, Assert.Throws<IfcbDataException>(() => bin.ReadImage(102, out _, out _)).Target);
    }

    [Theory]
    [InlineData(17, "99999999", "past the end")]
    [InlineData(17, "-5", "negative start byte")]
    [InlineData(15, "-88", "negative image size")]
    [InlineData(15, "100000", "absurd image size")]
    public void Bad_geometry_names_the_target(int column, string value, string reason)
    {
        var b = Copy(TestBins.V2White);
        SetCell(b + ".adc", 11, column, value);
        using var bin = Bin.Open(b);
        var ex = Assert.Throws<IfcbDataException>(() => bin.Roi.ReadImage(11, new byte[1 << 20]));
        Assert.Equal(11, ex.Target);
        Assert.Contains(reason, ex.Reason);
        Assert.Contains(bin.Problems, p => p.Contains(reason, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(3, "abc", "not a number")]
    [InlineData(13, "1.5", "must be an integer")]
    public void Bad_adc_cells_name_the_line_and_column(int column, string value, string reason)
    {
        var b = Copy(TestBins.V2White);
        SetCell(b + ".adc", 5, column, value);
        var ex = Assert.Throws<IfcbDataException>(() => Bin.Open(b));
        Assert.Equal(5, ex.Line);
        Assert.Equal(b + ".adc", ex.FilePath);
        Assert.Contains(reason, ex.Reason);
    }

    [Fact]
    public void Short_adc_line_names_the_line()
    {
        var b = Copy(TestBins.V1Stitched);
        var lines = File.ReadAllLines(b + ".adc");
        lines[2] = "3,0.5,1,2";
        File.WriteAllLines(b + ".adc", lines);
        var ex = Assert.Throws<IfcbDataException>(() => Bin.Open(b));
        Assert.Equal(3, ex.Line);
        Assert.Contains("needs at least 14", ex.Reason);
    }

    [Fact]
    public void Missing_file_names_it()
    {
        var b = Copy(TestBins.McLane);
        File.Delete(b + ".roi");
        var ex = Assert.Throws<IfcbDataException>(() => Bin.Open(b));
        Assert.Equal(b + ".roi", ex.FilePath);
        Assert.Contains("missing", ex.Reason);
    }

    [Fact]
    public void Empty_header_and_orphan_roi_bytes_are_problems()
    {
        var b = Copy(TestBins.McLane);
        File.WriteAllBytes(b + ".hdr", []);
        File.WriteAllBytes(b + ".adc", []);
        using var bin = Bin.Open(b);
        Assert.Contains("empty .hdr file", bin.Problems);
        Assert.Contains(bin.Problems, p => p.Contains("empty .adc file", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("XYZ_2012_028_081515")]
    [InlineData("random")]
    [InlineData("D20131399T000000_IFCB001")]
    public void Unknown_id_schemes_are_rejected_naming_the_file(string name)
    {
        var path = Path.Combine(_temp.FullName, name + ".adc");
        File.WriteAllText(path, "1,2,3");
        var ex = Assert.Throws<IfcbDataException>(() => Bin.Open(path));
        Assert.Equal(path, ex.FilePath);
        Assert.Contains(name, ex.Reason);
    }

    [Fact]
    public void Random_garbage_adc_is_one_data_exception_with_a_line()
    {
        var b = Copy(TestBins.V2White);
        var random = new Random(42);
        var garbage = new byte[5000];
        random.NextBytes(garbage);
        File.WriteAllBytes(b + ".adc", garbage);
        var ex = Assert.Throws<IfcbDataException>(() => Bin.Open(b));
        Assert.NotNull(ex.Line);
        Assert.Equal(b + ".adc", ex.FilePath);
    }

    [Fact]
    public void Random_garbage_header_never_throws_anything_but_data_exceptions()
    {
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(0, 400)];
            random.NextBytes(bytes);
            try
            {
                Ifcb.Data.Hdr.HeaderReader.Parse("g.hdr", Encoding.Latin1.GetString(bytes));
            }
            catch (IfcbDataException ex)
            {
                Assert.Equal("g.hdr", ex.FilePath);
            }
        }
    }

    [Fact]
    public void A_directory_run_reports_incomplete_bins_and_keeps_the_good_ones()
    {
        // Given good bins, an incomplete one, a bin in a skip/ directory and a non-bin raw file
        var root = Path.Combine(_temp.FullName, "root");
        TestData.CopyBin(TestBins.V2White, Path.Combine(root, "D2013", "D20130526"));
        TestData.CopyBin(TestBins.V1Stitched, Path.Combine(root, "2012"));
        TestData.CopyBin(TestBins.IRfcbMultiRoi, Path.Combine(root, "irfcb")); // no .roi
        TestData.CopyBin(TestBins.McLane, Path.Combine(root, "skip"));
        TestData.CopyBin(TestBins.McLane, Path.Combine(root, "x", "beads"));
        File.WriteAllText(Path.Combine(root, "notes.adc"), "x");
        File.WriteAllText(Path.Combine(root, "readme.txt"), "x");

        // When discovered
        var found = BinDirectory.Discover(root);

        // Then bins are in time order, the incomplete one has a problem, skipped dirs are not entered
        Assert.Equal(new[] { "IFCB5_2012_028_081515", "D20130526T095207_IFCB013", "D20230810T113059_IFCB134" }, found.Bins.Select(b => b.Id.Lid));
        Assert.Equal(new[] { "missing .roi file" }, found.Bins[2].Problems);
        Assert.True(found.Bins[0].IsComplete && found.Bins[1].IsComplete);
        var rejected = Assert.Single(found.Rejected);
        Assert.EndsWith("notes.adc", rejected.FilePath);
        Assert.Equal(new FileInfo(TestData.PathOf(TestBins.V2White) + ".roi").Length
            + new FileInfo(TestData.PathOf(TestBins.V2White) + ".adc").Length
            + new FileInfo(TestData.PathOf(TestBins.V2White) + ".hdr").Length, found.Bins[1].FileSize);

        // And filters apply
        var since = BinDirectory.Discover(root, new BinFilter { Since = new DateOnly(2013, 1, 1), Until = new DateOnly(2013, 12, 31) });
        Assert.Equal(new[] { "D20130526T095207_IFCB013" }, since.Bins.Select(b => b.Id.Lid));
        var byInstrument = BinDirectory.Discover(root, new BinFilter { Instruments = new HashSet<int> { 5 } });
        Assert.Equal(new[] { "IFCB5_2012_028_081515" }, byInstrument.Bins.Select(b => b.Id.Lid));
    }

    [Fact]
    public void Corrupt_roi_index_does_not_stop_other_targets()
    {
        var b = Copy(TestBins.V2White);
        SetCell(b + ".adc", 7, 17, "99999999");
        using var bin = Bin.Open(b);
        var readable = bin.Images.Where(t => t != 7).Select(t => bin.ReadImage(t, out _, out _)).ToList();
        Assert.Equal(18, readable.Count);
        Assert.Equal(AdcSchema.V2, bin.Adc.Schema);
    }
}
