namespace Ifcb.Cli.Tests;

public sealed class SynthCommandTests
{
    [Fact]
    public void Synth_writes_bins_and_ground_truth_and_reports_them()
    {
        // Given an empty output directory
        var dir = Directory.CreateTempSubdirectory("ifcb-synth-cli-");
        try
        {
            // When two bins of 30 ROIs are written
            var (code, output, err) = CliRunner.Run("synth", "--out", dir.FullName, "--bins", "2", "--rois", "30", "--seed", "7");

            // Then it succeeds, writes 2 bins of three files and a ground truth of 60 ROIs, and says so
            Assert.True(code == 0, err);
            Assert.Equal(2, Directory.GetFiles(dir.FullName, "*.hdr", SearchOption.AllDirectories).Length);
            Assert.Equal(2, Directory.GetFiles(dir.FullName, "*.adc", SearchOption.AllDirectories).Length);
            Assert.Equal(2, Directory.GetFiles(dir.FullName, "*.roi", SearchOption.AllDirectories).Length);
            var truth = File.ReadAllLines(Path.Combine(dir.FullName, "ground_truth.csv"));
            Assert.Equal(61, truth.Length);
            Assert.Contains("2 bins, 60 ROIs", output, StringComparison.Ordinal);
            Assert.Contains("ROIs/s", output, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Synth_images_writes_class_folders()
    {
        var dir = Directory.CreateTempSubdirectory("ifcb-synth-cli-");
        try
        {
            // When 2 images per class are written
            var (code, output, err) = CliRunner.Run("synth", "--images", "--out", dir.FullName, "--per-class", "2");

            // Then every class folder holds 2 PNGs
            Assert.True(code == 0, err);
            var folders = Directory.GetDirectories(dir.FullName);
            Assert.True(folders.Length >= 12);
            Assert.All(folders, f => Assert.Equal(2, Directory.GetFiles(f, "*.png").Length));
            Assert.Contains($"{folders.Length * 2} images", output, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("synth")]
    [InlineData("synth", "--out", "x", "--bins", "-1")]
    [InlineData("synth", "--out", "x", "--rois", "-3")]
    [InlineData("synth", "--images", "--out", "x", "--per-class", "-2")]
    [InlineData("synth", "--out", "x", "--start", "yesterday")]
    [InlineData("synth", "--out", "x", "--seed", "abc")]
    public void Usage_errors_exit_2_without_writing(params string[] args)
    {
        // When the command line is wrong
        var (code, _, err) = CliRunner.Run(args);

        // Then the exit code is 2, stderr says why, and nothing was written
        Assert.Equal(2, code);
        Assert.StartsWith("ifcb: ", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists("x"));
    }

    [Fact]
    public void An_output_path_that_is_a_file_fails_with_exit_1_naming_it()
    {
        // Given a file where the output directory should be
        var file = Path.GetTempFileName();
        try
        {
            // When synth writes there
            var (code, _, err) = CliRunner.Run("synth", "--out", file, "--bins", "1", "--rois", "5");

            // Then it fails with exit code 1 and names the path
            Assert.Equal(1, code);
            Assert.Contains(file, err, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
