using System.Globalization;
using Ifcb.Testing;

namespace Ifcb.Cli.Tests;

public sealed class CountCorrectionCommandTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ifcb-cli-correct-");
    private readonly string _model;
    private readonly string _bins;

    public CountCorrectionCommandTests()
    {
        _model = ClassifyCommandTests.WriteWhoiModel(_temp.FullName);
        _bins = Directory.CreateDirectory(Path.Combine(_temp.FullName, "bins", "D2013")).FullName;
        foreach (var bin in TestBins.CompleteBins)
        {
            TestData.CopyBin(bin, _bins);
        }
    }

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void A_model_without_estimates_gets_raw_counts_and_a_note_and_pcc_on_request()
    {
        var output = Path.Combine(_temp.FullName, "out");

        var (code, stdout, _) = CliRunner.Run("classify", _bins, "--model", _model, "--out", output, "--format", "csv");
        var (acc, _, accErr) = CliRunner.Run("classify", _bins, "--model", _model, "--out", output, "--correct", "acc");
        var (pcc, _, _) = CliRunner.Run("classify", _bins, "--model", _model, "--out", output, "--format", "csv", "--correct", "pcc");
        var (wide, table, _) = CliRunner.Run("summary", output, "--corrected");

        Assert.Equal(0, code);
        Assert.Contains("counts not corrected", stdout);
        Assert.Equal(2, acc);
        Assert.Contains("ifcb evaluate", accErr);
        Assert.Equal(0, pcc);
        Assert.Equal(0, wide);
        var rows = table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.NotEmpty(rows);

        // PCC counts of a bin sum to its ROIs.
        Assert.All(rows, r => Assert.Equal(int.Parse(r[3], CultureInfo.InvariantCulture), r.Skip(5).Sum(v => double.Parse(v, CultureInfo.InvariantCulture)), 0.05));
    }

    [Theory]
    [InlineData("classify", "--correct", "hdy")]
    [InlineData("classify", "--correct-window", "1d")]
    [InlineData("synth", "--mix", "plume")]
    [InlineData("summary", "--window", "1d")]
    public void Bad_correction_options_are_usage_errors(string command, string option, string value)
    {
        string[] args = command switch
        {
            "classify" => ["classify", _bins, "--model", _model, "--out", Path.Combine(_temp.FullName, "o"), option, value],
            "synth" => ["synth", "--out", Path.Combine(_temp.FullName, "s"), option, value],
            _ => ["summary", _temp.FullName, option, value],
        };

        var (code, _, stderr) = CliRunner.Run(args);

        Assert.Equal(2, code);
        Assert.Contains(option.TrimStart('-'), stderr);
    }
}
