using Ifcb.Testing;

namespace Ifcb.Cli.Tests;

[Trait("Category", "Reference")]
public sealed class QuantizeCommandTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ifcb-cli-quantize-");
    private readonly string _model;
    private readonly string _bins;

    public QuantizeCommandTests()
    {
        _model = ClassifyCommandTests.WriteWhoiModel(_temp.FullName, convolution: true);
        _bins = Directory.CreateDirectory(Path.Combine(_temp.FullName, "bins")).FullName;
        foreach (var bin in TestBins.CompleteBins)
        {
            TestData.CopyBin(bin, _bins);
        }
    }

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void Quantize_calibrates_on_bins_checks_against_the_float_model_and_the_result_classifies()
    {
        // Given a WHOI-style float model and real bins
        var int8 = Path.Combine(_temp.FullName, "tiny-int8.onnx");

        // When it is quantized on 20 ROIs spread over those bins
        var (code, stdout, stderr) = CliRunner.Run("quantize", _bins, "--model", _model, "--out", int8, "--images", "20");

        // Then the int8 model and its class list are written, and the check is reported
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("quantized 1 convolutions", stdout, StringComparison.Ordinal);
        Assert.Contains("calibrated on 20 ROIs", stdout, StringComparison.Ordinal);
        Assert.Matches(@"check on \d+ other ROIs: top-1 agreement with the float model", stdout);
        Assert.Equal(File.ReadAllLines(Path.ChangeExtension(_model, ".classes")), File.ReadAllLines(Path.ChangeExtension(int8, ".classes")));

        // And classification runs with it
        var output = Path.Combine(_temp.FullName, "out");
        var (classified, classifyOut, classifyErr) = CliRunner.Run("classify", _bins, "--model", int8, "--out", output, "--format", "csv");
        Assert.True(classified == 0, classifyErr + classifyOut);
        Assert.Contains("model tiny-int8", classifyOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--percentile", "30")]
    [InlineData("--images", "0")]
    public void Bad_options_are_usage_errors(string option, string value)
    {
        var (code, _, stderr) = CliRunner.Run("quantize", _bins, "--model", _model, "--out", Path.Combine(_temp.FullName, "x.onnx"), option, value);
        Assert.Equal(2, code);
        Assert.Contains(option, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_must_be_an_onnx_file_and_bins_are_required()
    {
        Assert.Equal(2, CliRunner.Run("quantize", _bins, "--model", _model, "--out", Path.Combine(_temp.FullName, "x.bin")).Code);
        Assert.Equal(2, CliRunner.Run("quantize", "--model", _model, "--out", Path.Combine(_temp.FullName, "x.onnx")).Code);
    }
}
