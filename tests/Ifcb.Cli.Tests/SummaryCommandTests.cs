using System.Globalization;

namespace Ifcb.Cli.Tests;

[Trait("Category", "Reference")]
public sealed class SummaryCommandTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ifcb-cli-summary-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void The_wide_table_and_time_series_agree_with_summary_csv()
    {
        // Given a classified run of the fixture bins
        var model = ClassifyCommandTests.WriteWhoiModel(_temp.FullName);
        var output = Path.Combine(_temp.FullName, "out");
        var inputs = Ifcb.Testing.TestBins.CompleteBins.Select(Ifcb.Testing.TestData.PathOf).ToArray();
        Assert.Equal(0, CliRunner.Run(["classify", .. inputs, "--model", model, "--out", output, "--format", "csv"]).Code);
        var longRows = File.ReadAllLines(Path.Combine(output, "summary.csv")).Skip(1).Select(l => l.Split(',')).ToList();

        // When the wide table (per mL) and the detritus time series are exported
        var (code, wide, _) = CliRunner.Run("summary", output, "--per-ml");
        var tsFile = Path.Combine(_temp.FullName, "ts.csv");
        var (tsCode, _, _) = CliRunner.Run("summary", output, "--timeseries", "detritus", "--out", tsFile);

        // Then the wide table has one row per bin and per-mL cells = winner count / ml_analyzed
        Assert.Equal(0, code);
        var lines = wide.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("bin,timestamp,instrument,roi_count,ml_analyzed,Chaetoceros,detritus,mix", lines[0]);
        Assert.Equal(5, lines.Length - 1);
        var white = lines.Single(l => l.StartsWith("D20130526T095207_IFCB013", StringComparison.Ordinal)).Split(',');
        var whiteDetritus = longRows.Single(r => r[0] == "D20130526T095207_IFCB013" && r[5] == "detritus");
        var ml = double.Parse(white[4], CultureInfo.InvariantCulture);
        Assert.Equal(4.88507, ml, 5);
        Assert.Equal(int.Parse(whiteDetritus[7], CultureInfo.InvariantCulture) / ml, double.Parse(white[6], CultureInfo.InvariantCulture), 9);

        // And the time series is in time order with count and per-mL columns
        Assert.Equal(0, tsCode);
        var ts = File.ReadAllLines(tsFile);
        Assert.Equal("timestamp,bin,ml_analyzed,detritus_count,detritus_per_ml", ts[0]);
        Assert.Equal(ts.Skip(1).Select(l => l.Split(',')[0]).Order(StringComparer.Ordinal), ts.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Contains($"D20130526T095207_IFCB013,{white[4]},{whiteDetritus[7]},", string.Join('\n', ts));
    }

    [Fact]
    public void Unknown_classes_and_missing_runs_are_usage_errors()
    {
        var (code, _, err) = CliRunner.Run("summary", _temp.FullName);
        Assert.Equal(2, code);
        Assert.Contains("summary.csv", err);

        File.WriteAllText(Path.Combine(_temp.FullName, "summary.csv"), "bin,timestamp,instrument,roi_count,ml_analyzed,class,threshold,winner_count,winner_per_ml,above_threshold_count,above_threshold_per_ml\n");
        var (unknown, _, unknownErr) = CliRunner.Run("summary", _temp.FullName, "--timeseries", "Dinophysis");
        Assert.Equal(2, unknown);
        Assert.Contains("Dinophysis", unknownErr);
    }
}
