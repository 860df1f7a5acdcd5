using Ifcb.Testing;

namespace Ifcb.Cli.Tests;

/// <summary>
/// The IFCB Dashboard finds class files with pyifcb's non-exhaustive search (Reference/dashboard_find.py, a port):
/// every per-bin file classify writes, for v1 and v2 ids from several years, must be found by it.
/// </summary>
public sealed class DashboardLayoutTests : IDisposable
{
    private static readonly string[] Suffixes = ["_class.h5", "_class_scores.csv", "_class_scores.parquet"];

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ifcb-cli-layout-");
    private readonly string _model;
    private readonly string _bins;
    private readonly List<string> _lids = [];

    public DashboardLayoutTests()
    {
        _model = ClassifyCommandTests.WriteWhoiModel(_temp.FullName);
        _bins = Directory.CreateDirectory(Path.Combine(_temp.FullName, "bins")).FullName;
        // The fixtures (v1 2012 and 2017, v2 2013, 2015 and 2022) plus renamed copies in other years and days.
        foreach (var bin in TestBins.CompleteBins)
        {
            Add(bin, null);
        }

        Add(TestBins.V1Stitched, "IFCB5_2010_365_235959");
        Add(TestBins.V1Stitched, "IFCB1_2011_001_000001");
        Add(TestBins.V2White, "D20141231T235959_IFCB013");
        Add(TestBins.V2White, "D20160101T000000_IFCB010");
    }

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void The_dashboards_search_finds_every_per_bin_file_of_v1_and_v2_bins()
    {
        // Given v1 and v2 bins from seven years, when they are classified into every per-bin format
        var output = Path.Combine(_temp.FullName, "out");
        var (code, stdout, stderr) = CliRunner.Run("classify", _bins, "--model", _model, "--out", output, "--format", "h5,csv,parquet");
        Assert.True(code == 0, stderr);
        Assert.Contains($"{_lids.Count} bins: {_lids.Count} classified", stdout);

        // Then the search finds each file where classify wrote it, v1 bins under their own id's folders
        foreach (var suffix in Suffixes)
        {
            var found = Find(output, suffix);
            foreach (var lid in _lids)
            {
                var written = Directory.GetFiles(output, lid + suffix, SearchOption.AllDirectories);
                Assert.Single(written);
                Assert.Equal(written[0], found[lid]);
            }
        }

        Assert.True(File.Exists(Path.Combine(output, "IFCB5_2012", "IFCB5_2012_028", "IFCB5_2012_028_081515_class.h5")));
        Assert.True(File.Exists(Path.Combine(output, "IFCB5_2010", "IFCB5_2010_365", "IFCB5_2010_365_235959_class.h5")));
        Assert.True(File.Exists(Path.Combine(output, "D2013", "D20130526", "D20130526T095207_IFCB013_class.h5")));
        Assert.True(File.Exists(Path.Combine(output, "D2014", "D20141231", "D20141231T235959_IFCB013_class.h5")));
    }

    [Fact]
    public void Outputs_in_the_old_layout_are_moved_on_resume_and_then_found()
    {
        // Given a finished run whose v1 files sit where earlier versions wrote them (D{YYYY}/D{YYYYMMDD}/)
        var output = Path.Combine(_temp.FullName, "out");
        var (code, _, stderr) = CliRunner.Run("classify", _bins, "--model", _model, "--out", output, "--format", "h5,csv");
        Assert.True(code == 0, stderr);
        var h5 = Path.Combine(output, "IFCB5_2012", "IFCB5_2012_028", "IFCB5_2012_028_081515_class.h5");
        var csv = Path.ChangeExtension(h5, null)[..^"_class".Length] + "_class_scores.csv";
        var bytes = File.ReadAllBytes(h5);
        var legacy = Directory.CreateDirectory(Path.Combine(output, "D2012", "D20120128")).FullName;
        File.Move(h5, Path.Combine(legacy, Path.GetFileName(h5)));
        File.Move(csv, Path.Combine(legacy, Path.GetFileName(csv)));
        Assert.Equal("(none)", Find(output, "_class.h5")["IFCB5_2012_028_081515"]);

        // When the run is resumed
        var (again, stdout, stderr2) = CliRunner.Run("classify", _bins, "--model", _model, "--out", output, "--format", "h5,csv");

        // Then nothing is redone: the old files were moved, unchanged, to where the Dashboard finds them
        Assert.True(again == 0, stderr2);
        Assert.Contains($"0 classified, {_lids.Count} already done", stdout);
        Assert.Equal(bytes, File.ReadAllBytes(h5));
        Assert.True(File.Exists(csv));
        Assert.Empty(Directory.GetFiles(legacy));
        Assert.Equal(h5, Find(output, "_class.h5")["IFCB5_2012_028_081515"]);
    }

    private Dictionary<string, string> Find(string root, string suffix)
        => ReferenceScripts.Run("dashboard_find.py", [root, suffix, .. _lids])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .ToDictionary(cells => cells[0], cells => cells[1]);

    private void Add(string fixture, string? lid)
    {
        // Bins sit in one flat folder: the layout under test is the output's, not the input's.
        var copy = TestData.CopyBin(fixture, lid is null ? _bins : Path.Combine(_temp.FullName, "staging"));
        if (lid is not null)
        {
            foreach (var ext in new[] { ".hdr", ".adc", ".roi" })
            {
                File.Move(copy + ext, Path.Combine(_bins, lid + ext));
            }
        }

        _lids.Add(lid ?? Path.GetFileName(copy));
    }
}
