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
    public void Shards_in_one_folder_or_runs_in_several_merge_into_the_single_run_summary_byte_for_byte()
    {
        // Given one single-process run, three shards written into one folder, and two shards written into two folders
        var model = ClassifyCommandTests.WriteWhoiModel(_temp.FullName);
        var inputs = Ifcb.Testing.TestBins.CompleteBins.Select(Ifcb.Testing.TestData.PathOf).ToArray();
        string Classify(string name, params string[] more)
        {
            var folder = Path.Combine(_temp.FullName, name);
            var (c, _, e) = CliRunner.Run(["classify", .. inputs, "--model", model, "--out", folder, "--format", "csv", .. more]);
            Assert.True(c == 0, e);
            return folder;
        }

        var single = Classify("single");
        var shared = Path.Combine(_temp.FullName, "shared");
        for (var k = 0; k < 3; k++)
        {
            Classify("shared", "--shard", $"{k}/3");
        }

        var a = Classify("a", "--shard", "0/2");
        var b = Classify("b", "--shard", "1/2");
        Assert.False(File.Exists(Path.Combine(shared, "summary.csv")));

        // When each set is merged with --merged
        var (c1, wide1, e1) = CliRunner.Run("summary", shared, "--merged", Path.Combine(_temp.FullName, "m1"));
        var (c2, wide2, e2) = CliRunner.Run("summary", a, b, "--merged", Path.Combine(_temp.FullName, "m2"));
        var (c0, wide0, _) = CliRunner.Run("summary", single);

        // Then the merged summary.csv is the single run's byte for byte, the SQLite tables hold the same rows, and the
        // wide tables agree
        Assert.True(c1 == 0, e1);
        Assert.True(c2 == 0, e2);
        Assert.Equal(0, c0);
        var expected = File.ReadAllBytes(Path.Combine(single, "summary.csv"));
        Assert.Equal(1 + (5 * 3), File.ReadAllLines(Path.Combine(single, "summary.csv")).Length);
        foreach (var merged in new[] { "m1", "m2" })
        {
            Assert.Equal(expected, File.ReadAllBytes(Path.Combine(_temp.FullName, merged, "summary.csv")));
            Assert.Equal(SqliteRows(Path.Combine(single, "summary.sqlite")), SqliteRows(Path.Combine(_temp.FullName, merged, "summary.sqlite")));
        }

        Assert.Equal(wide0, wide1);
        Assert.Equal(wide0, wide2);
    }

    [Fact]
    public void Runs_of_different_counts_for_one_bin_do_not_merge()
    {
        var header = "bin,timestamp,instrument,roi_count,ml_analyzed,class,threshold,winner_count,winner_per_ml,above_threshold_count,above_threshold_per_ml\n";
        var a = Path.Combine(_temp.FullName, "a.csv");
        var b = Path.Combine(_temp.FullName, "b.csv");
        File.WriteAllText(a, header + "D20240101T000000_IFCB1,2024-01-01T00:00:00Z,IFCB1,3,1,x,,3,3,3,3\n");
        File.WriteAllText(b, header + "D20240101T000000_IFCB1,2024-01-01T00:00:00Z,IFCB1,3,1,x,,2,2,2,2\n");
        var (code, _, err) = CliRunner.Run("summary", a, b);
        Assert.Equal(2, code);
        Assert.Contains("D20240101T000000_IFCB1 has other counts", err);
    }

    internal static string SqliteRows(string path)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var text = new System.Text.StringBuilder();
        foreach (var query in new[] { "SELECT * FROM bins ORDER BY bin", "SELECT * FROM classes ORDER BY class_index", "SELECT * FROM counts ORDER BY bin, class" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = query;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append('|');
                }

                text.Append('\n');
            }
        }

        return text.ToString();
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
