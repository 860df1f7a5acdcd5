using System.Text.Json;
using Ifcb.Data.Png;
using Ifcb.Testing;

namespace Ifcb.Cli.Tests;

public sealed class BinsCommandTests : IDisposable
{
    private static readonly string[] ListKeys = ["id", "time", "instrument", "schema", "triggers", "images", "ml_analyzed", "size", "problems"];

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ifcb-cli-bins-");

    public void Dispose() => _temp.Delete(recursive: true);

    private string GoodDirectory()
    {
        var dir = Path.Combine(_temp.FullName, "data");
        TestData.CopyBin(TestBins.V2White, Path.Combine(dir, "2013"));
        TestData.CopyBin(TestBins.V1Stitched, Path.Combine(dir, "2012"));
        TestData.CopyBin(TestBins.McLane, Path.Combine(dir, "2022"));
        return dir;
    }

    [Fact]
    public void List_json_has_one_object_per_bin_with_exactly_the_documented_keys()
    {
        // Given a directory of three good bins
        var dir = GoodDirectory();

        // When listed as JSON
        var (code, output, err) = CliRunner.Run("bins", "list", dir, "--json");

        // Then exit 0, bins in time order, the documented fields and values
        Assert.True(code == 0, err);
        var rows = JsonDocument.Parse(output).RootElement.EnumerateArray().ToArray();
        Assert.Equal(new[] { "IFCB5_2012_028_081515", "D20130526T095207_IFCB013", "D20220519T124533_IFCB134" }, rows.Select(r => r.GetProperty("id").GetString()));
        Assert.All(rows, r => Assert.Equal(ListKeys, r.EnumerateObject().Select(p => p.Name)));
        var white = rows[1];
        Assert.Equal("2013-05-26T09:52:07Z", white.GetProperty("time").GetString());
        Assert.Equal("IFCB13", white.GetProperty("instrument").GetString());
        Assert.Equal(2, white.GetProperty("schema").GetInt32());
        Assert.Equal(118, white.GetProperty("triggers").GetInt32());
        Assert.Equal(19, white.GetProperty("images").GetInt32());
        Assert.Equal(4.88507, white.GetProperty("ml_analyzed").GetDouble(), 1e-5);
        Assert.Equal(0, white.GetProperty("problems").GetArrayLength());
        Assert.Equal(5, rows[0].GetProperty("images").GetInt32()); // v1 stitched set
    }

    [Fact]
    public void List_table_names_every_bin()
    {
        var dir = GoodDirectory();
        var (code, output, _) = CliRunner.Run("bins", "list", dir);
        Assert.Equal(0, code);
        Assert.Contains("D20130526T095207_IFCB013", output);
        Assert.Contains("IFCB5_2012_028_081515", output);
        Assert.Contains("3 bins", output);
    }

    [Fact]
    public void List_filters_by_date_instrument_and_id_file()
    {
        var dir = GoodDirectory();
        var ids = Path.Combine(_temp.FullName, "ids.txt");
        File.WriteAllText(ids, "# wanted\nD20220519T124533_IFCB134\nIFCB5_2012_028_081515.adc\n");

        string[] Ids(params string[] args)
        {
            var (code, output, err) = CliRunner.Run(["bins", "list", dir, "--json", .. args]);
            Assert.True(code == 0, err);
            return JsonDocument.Parse(output).RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToArray();
        }

        Assert.Equal(["D20130526T095207_IFCB013"], Ids("--since", "2013-01-01", "--until", "2013-05-26"));
        Assert.Equal(["IFCB5_2012_028_081515"], Ids("--instrument", "IFCB5"));
        Assert.Equal(["D20130526T095207_IFCB013", "D20220519T124533_IFCB134"], Ids("--instrument", "IFCB013", "--instrument", "134"));
        Assert.Equal(["IFCB5_2012_028_081515", "D20220519T124533_IFCB134"], Ids("--ids", ids));
    }

    [Fact]
    public void One_corrupt_bin_among_good_ones_exits_1_names_it_and_lists_the_rest()
    {
        // Given good bins plus one whose .roi is truncated and one missing its .roi
        var dir = GoodDirectory();
        var bad = TestData.CopyBin(TestBins.V2White, Path.Combine(dir, "bad"));
        var renamed = Path.Combine(dir, "bad", "D20130526T095208_IFCB013");
        foreach (var ext in new[] { ".hdr", ".adc", ".roi" })
        {
            File.Move(bad + ext, renamed + ext);
        }

        using (var roi = File.OpenWrite(renamed + ".roi"))
        {
            roi.SetLength(5000);
        }

        var incomplete = TestData.CopyBin(TestBins.McLane, Path.Combine(dir, "inc"));
        File.Move(incomplete + ".roi", Path.Combine(dir, "inc", "other.txt"));
        Directory.CreateDirectory(Path.Combine(dir, "x"));
        File.WriteAllText(Path.Combine(dir, "x", "garbage.adc"), "not a bin");

        // When listed
        var (code, output, err) = CliRunner.Run("bins", "list", dir, "--json");

        // Then exit 1, each failure on stderr with file and reason, and every bin still has a row
        Assert.Equal(1, code);
        Assert.Contains("D20130526T095208_IFCB013", err);
        Assert.Contains("truncated", err);
        Assert.Contains("missing .roi file", err);
        Assert.Contains("garbage.adc", err);
        var rows = JsonDocument.Parse(output).RootElement.EnumerateArray().ToArray();
        Assert.Equal(5, rows.Length);
        Assert.Equal(3, rows.Count(r => r.GetProperty("problems").GetArrayLength() == 0));
    }

    [Fact]
    public void Show_prints_header_values_and_the_roi_table()
    {
        var bin = TestData.PathOf(TestBins.V1Stitched);
        var (code, output, _) = CliRunner.Run("bins", "show", bin + ".roi");
        Assert.Equal(0, code);
        Assert.Contains("binarizeThreshold", output);
        Assert.Contains("start_byte", output);
        Assert.Contains("36927", output);

        var (jcode, json, _) = CliRunner.Run("bins", "show", bin, "--json");
        Assert.Equal(0, jcode);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal(30, root.GetProperty("header").GetProperty("binarizeThreshold").GetInt32());
        var rois = root.GetProperty("rois").EnumerateArray().ToArray();
        Assert.Equal(7, rois.Length);
        Assert.Equal(52407, rois[3].GetProperty("start_byte").GetInt64());
        Assert.Equal(3, rois[3].GetProperty("trigger").GetInt32());
    }

    [Fact]
    public void Extract_png_writes_one_png_per_image_named_by_roi_id()
    {
        var outDir = Path.Combine(_temp.FullName, "png");
        var (code, _, err) = CliRunner.Run("bins", "extract", TestData.PathOf(TestBins.V1Stitched), "--out", outDir);
        Assert.True(code == 0, err);
        var names = Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { 1, 2, 3, 5, 6 }.Select(t => $"IFCB5_2012_028_081515_{t:D5}.png"), names);
        GrayPng.Decode(File.ReadAllBytes(Path.Combine(outDir, "IFCB5_2012_028_081515_00003.png")), out var w, out var h);
        Assert.Equal((263, 86), (w, h));
    }

    [Fact]
    public void Extract_zip_writes_one_zip_per_bin()
    {
        var dir = GoodDirectory();
        var outDir = Path.Combine(_temp.FullName, "zips");
        var (code, _, err) = CliRunner.Run("bins", "extract", dir, "--out", outDir, "--format", "zip");
        Assert.True(code == 0, err);
        Assert.Equal(
            new[] { "D20130526T095207_IFCB013.zip", "D20220519T124533_IFCB134.zip", "IFCB5_2012_028_081515.zip" },
            Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("bins", "list")]
    [InlineData("bins", "list", "/definitely/not/here")]
    [InlineData("bins", "list", ".", "--since", "2013-13-01")]
    [InlineData("bins", "list", ".", "--instrument", "xyz")]
    [InlineData("bins", "extract", ".", "--out", "o", "--format", "gif")]
    [InlineData("bins", "extract", ".")]
    [InlineData("bins", "show", "/definitely/not/here/D20130526T095207_IFCB013")]
    [InlineData("bins", "list", ".", "--bogus")]
    public void Usage_errors_exit_2(params string[] args)
    {
        var (code, _, err) = CliRunner.Run(args);
        Assert.Equal(2, code);
        Assert.StartsWith("ifcb:", err);
    }
}
