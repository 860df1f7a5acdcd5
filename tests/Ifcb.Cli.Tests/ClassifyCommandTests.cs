using System.Diagnostics;
using Ifcb.Testing;

namespace Ifcb.Cli.Tests;

[Trait("Category", "Reference")]
public sealed class ClassifyCommandTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ifcb-cli-classify-");
    private readonly string _model;
    private readonly string _bins;

    public ClassifyCommandTests()
    {
        _model = WriteWhoiModel(_temp.FullName);
        _bins = Directory.CreateDirectory(Path.Combine(_temp.FullName, "bins", "D2013")).Parent!.FullName;
        foreach (var bin in TestBins.CompleteBins)
        {
            TestData.CopyBin(bin, Path.Combine(_bins, "D2013"));
        }

        // A skip/ folder is never entered.
        TestData.CopyBin(TestBins.McLane, Directory.CreateDirectory(Path.Combine(_bins, "skip")).FullName);
    }

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void Classify_writes_v3_h5_per_bin_a_summary_and_an_empty_failures_report_then_skips_done_bins()
    {
        // Given a directory tree of the five fixture bins
        var output = Path.Combine(_temp.FullName, "out");

        // When it is classified, then classified again
        var (code, stdout, stderr) = CliRunner.Run("classify", _bins, "--model", _model, "--out", output, "--format", "h5,csv", "--batch", "4");
        var (again, stdout2, _) = CliRunner.Run("classify", _bins, "--model", _model, "--out", output);

        // Then every bin has its files under D{YYYY}/D{YYYYMMDD}/ (v1: IFCB{n}_{YYYY}/IFCB{n}_{YYYY}_{DOY}/), the run files exist, and the second run did nothing new
        Assert.True(code == 0, stderr);
        Assert.Contains("5 bins: 5 classified, 0 already done, 0 failed", stdout);
        Assert.True(File.Exists(Path.Combine(output, "D2013", "D20130526", "D20130526T095207_IFCB013_class.h5")));
        Assert.True(File.Exists(Path.Combine(output, "IFCB5_2012", "IFCB5_2012_028", "IFCB5_2012_028_081515_class_scores.csv")));
        Assert.True(File.Exists(Path.Combine(output, "summary.sqlite")));
        Assert.Equal(["bin,file,reason"], File.ReadAllLines(Path.Combine(output, "failures.csv")));
        Assert.Equal(0, again);
        Assert.Contains("0 classified, 5 already done", stdout2);
    }

    [Fact]
    public void A_corrupt_bin_is_named_on_stderr_and_the_exit_code_is_1()
    {
        // Given the fixtures plus a copy of the white bin whose .roi file is cut short
        var broken = Directory.CreateDirectory(Path.Combine(_bins, "broken")).FullName;
        var copy = TestData.CopyBin(TestBins.V2White, broken);
        var roi = Path.ChangeExtension(copy, ".roi") is var r && File.Exists(r) ? r : copy + ".roi";
        File.WriteAllBytes(roi, File.ReadAllBytes(roi)[..1000]);
        File.Move(roi, Path.Combine(broken, "D20130527T095207_IFCB013.roi"));
        File.Move(Path.ChangeExtension(roi, ".adc"), Path.Combine(broken, "D20130527T095207_IFCB013.adc"));
        File.Move(Path.ChangeExtension(roi, ".hdr"), Path.Combine(broken, "D20130527T095207_IFCB013.hdr"));
        var output = Path.Combine(_temp.FullName, "out");

        // When the tree is classified
        var (code, stdout, stderr) = CliRunner.Run("classify", _bins, "--model", _model, "--out", output, "--format", "csv");

        // Then the others are done, the broken one is named with its file and reason, and failures.csv lists it
        Assert.Equal(1, code);
        Assert.Contains("5 classified", stdout);
        Assert.Contains("D20130527T095207_IFCB013", stderr);
        Assert.True(stderr.Contains(".roi", StringComparison.Ordinal), stderr);
        Assert.Contains("D20130527T095207_IFCB013", File.ReadAllText(Path.Combine(output, "failures.csv")));
    }

    [Fact]
    public void Filters_and_shards_select_bins()
    {
        var output = Path.Combine(_temp.FullName, "out");

        // When only IFCB134 bins since 2020 are asked for, Then one bin is classified
        var (code, stdout, _) = CliRunner.Run("classify", _bins, "--model", _model, "--out", output, "--format", "csv", "--since", "2020-01-01", "--instrument", "IFCB134");
        Assert.Equal(0, code);
        Assert.Contains("1 bins: 1 classified", stdout);

        // When the five bins are split in two shards, Then the shards' bin counts add up to five
        var counts = Enumerable.Range(0, 2).Select(k =>
        {
            var (c, o, _) = CliRunner.Run("classify", _bins, "--model", _model, "--out", Path.Combine(_temp.FullName, "sharded"), "--format", "csv", "--shard", $"{k}/2");
            Assert.Equal(0, c);
            var match = System.Text.RegularExpressions.Regex.Match(o, @"(\d+) bins in shard \d/2:");
            Assert.True(match.Success, o);
            return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }).ToList();
        Assert.Equal(5, counts.Sum());
        Assert.True(File.Exists(Path.Combine(_temp.FullName, "sharded", "summary-1-of-2.csv")));
    }

    [Theory]
    [InlineData("--format", "xlsx")]
    [InlineData("--shard", "2/2")]
    [InlineData("--since", "2020-13-01")]
    [InlineData("--device", "tpu")]
    [InlineData("--batch", "0")]
    [InlineData("--instrument", "IFCBx")]
    public void Bad_options_are_usage_errors(string option, string value)
    {
        var (code, _, stderr) = CliRunner.Run("classify", _bins, "--model", _model, "--out", _temp.FullName, option, value);
        Assert.Equal(2, code);
        Assert.Contains(option.TrimStart('-'), stderr);
    }

    [Fact]
    public void A_missing_model_or_an_unavailable_device_is_a_usage_error_that_says_why()
    {
        var (code, _, stderr) = CliRunner.Run("classify", _bins, "--model", Path.Combine(_temp.FullName, "nope.onnx"), "--out", _temp.FullName);
        Assert.Equal(2, code);
        Assert.Contains("model not found", stderr);

        var (cuda, _, cudaErr) = CliRunner.Run("classify", _bins, "--model", _model, "--out", Path.Combine(_temp.FullName, "o"), "--device", "cuda:0");
        Assert.Equal(2, cuda);
        Assert.Contains("CUDA", cudaErr);
    }

    /// <summary>The tiny WHOI-style model of <see cref="Ifcb.Testing.TinyOnnxModel"/>.</summary>
    internal static string WriteWhoiModel(string folder, bool convolution = false) => Ifcb.Testing.TinyOnnxModel.Write(folder, convolution);
}
