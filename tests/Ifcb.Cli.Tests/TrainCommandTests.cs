using System.Text.RegularExpressions;
using Ifcb.Data.Png;
using Ifcb.Formats.Mat;

namespace Ifcb.Cli.Tests;

public sealed class TrainCommandTests
{
    [Theory]
    [InlineData("no-such-option", "--model", "resnet18", "--out", "o", "--no-such-option")]
    [InlineData("--model", "--model", "no_such_net", "--out", "o")]
    [InlineData("--split", "--model", "resnet18", "--out", "o", "--split", "80-20")]
    [InlineData("--flip", "--model", "resnet18", "--out", "o", "--flip", "z")]
    [InlineData("--optimizer", "--model", "resnet18", "--out", "o", "--optimizer", "rmsprop")]
    [InlineData("--schedule", "--model", "resnet18", "--out", "o", "--schedule", "steps")]
    [InlineData("--channels", "--model", "resnet18", "--out", "o", "--channels", "2")]
    [InlineData("--lr", "--model", "resnet18", "--out", "o", "--lr", "-1")]
    [InlineData("--class-weights", "--model", "resnet18", "--out", "o", "--class-weights", "log")]
    [InlineData("--resize", "--model", "resnet18", "--out", "o", "--resize", "crop")]
    [InlineData("--group-split", "--model", "resnet18", "--out", "o", "--group-split", "week")]
    [InlineData("--batch", "--model", "resnet18", "--out", "o", "--batch", "0")]
    [InlineData("--model", "--out", "o")]
    [InlineData("--out", "--model", "resnet18")]
    public void Invalid_options_are_usage_errors_naming_the_option(string named, params string[] options)
    {
        // Given a real data folder, so only the option is wrong
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var (code, _, err) = CliRunner.Run(["train", dir.FullName, .. options]);

            Assert.Equal(2, code);
            Assert.Contains(named, err);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Missing_data_folder_is_a_usage_error_naming_it()
    {
        var (code, _, err) = CliRunner.Run("train", "no-such-folder-xyz", "--model", "resnet18", "--out", "o");

        Assert.Equal(2, code);
        Assert.Contains("no-such-folder-xyz", err);
    }

    [Fact]
    public void Class_config_without_a_column_is_a_usage_error()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var csv = Path.Combine(dir.FullName, "c.csv");
            File.WriteAllText(csv, "class,v1\n");

            var (code, _, err) = CliRunner.Run("train", dir.FullName, "--model", "resnet18", "--out", "o", "--class-config", csv);

            Assert.Equal(2, code);
            Assert.Contains("--class-config", err);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Trains_a_tiny_model_end_to_end_and_writes_the_run_folder()
    {
        // Given two classes of plain bright and dark images
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            for (var c = 0; c < 2; c++)
            {
                var classDir = Directory.CreateDirectory(Path.Combine(dir.FullName, "data", c == 0 ? "dark" : "light")).FullName;
                for (var i = 0; i < 5; i++)
                {
                    var pixels = Enumerable.Repeat((byte)(c == 0 ? 30 + i : 220 - i), 40 * 40).ToArray();
                    File.WriteAllBytes(Path.Combine(classDir, $"D20240101T00000{i}_IFCB1_0000{c}.png"), GrayPng.Encode(pixels, 40, 40));
                }
            }

            var csv = Path.Combine(dir.FullName, "classes.csv");
            File.WriteAllText(csv, "class,all\ndark,1\nlight,1\n");
            var run = Path.Combine(dir.FullName, "run");

            // When
            var (code, output, err) = CliRunner.Run("train", Path.Combine(dir.FullName, "data"), "--model", "resnet18", "--out", run,
                "--input-size", "32", "--epochs-max", "1", "--batch", "4", "--class-config", csv, "all", "--flip", "xy");

            // Then
            Assert.True(code == 0, err + output);
            Assert.True(File.Exists(Path.Combine(run, "model.json")));
            Assert.True(File.Exists(Path.Combine(run, "model.pt")));
            Assert.Contains("run folder:", output);
            Assert.Contains("\"class_config_column\": \"all\"", File.ReadAllText(Path.Combine(run, "args.json")));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Trains_and_evaluates_on_labelled_bins_from_csv_and_annotation_files()
    {
        // Given a synthetic archive with its ground_truth.csv (pid,class)
        var dir = Directory.CreateTempSubdirectory("ifcb-train-bins-");
        try
        {
            var archive = Path.Combine(dir.FullName, "archive");
            var truth = Path.Combine(archive, "ground_truth.csv");
            Assert.Equal(0, CliRunner.Run("synth", "--out", archive, "--bins", "2", "--rois", "30", "--seed", "3").Code);
            var rows = File.ReadAllLines(truth).Skip(1).Select(l => l.Split(',')).ToList();
            var run = Path.Combine(dir.FullName, "run");

            // When a tiny model is trained on the labelled ROIs of the bins, split by bin
            var (code, output, err) = CliRunner.Run("train", "--labels", truth, archive, "--model", "resnet18", "--out", run,
                "--input-size", "32", "--epochs-max", "1", "--batch", "16", "--workers", "2", "--group-split", "bin");

            // Then the run folder is complete and its lists are bin ROIs
            Assert.True(code == 0, err + output);
            foreach (var file in new[] { "model.json", "model.pt", "model.onnx", "report/report.html", "train.log" })
            {
                Assert.True(File.Exists(Path.Combine(run, file)), file);
            }

            Assert.Contains($"{rows.Count} of {rows.Count} labels matched ROIs in 2 of 2 bins", File.ReadAllText(Path.Combine(run, "train.log")), StringComparison.Ordinal);
            Assert.All(File.ReadAllLines(Path.Combine(run, "validation_images.txt")), l => Assert.Matches(@"_IFCB999#\d+$", l));
            Assert.Contains("\"labels\": [", File.ReadAllText(Path.Combine(run, "args.json")), StringComparison.Ordinal);

            // When the model is evaluated on the same bins, labelled by the CSV and by ifcb-analysis annotation files
            // (ROIs of classes too small to train, which the model does not know, are left out)
            var known = File.ReadAllLines(Path.Combine(run, "model.classes")).ToHashSet(StringComparer.Ordinal);
            var scored = rows.Count(r => known.Contains(r[1]));
            var annotations = Directory.CreateDirectory(Path.Combine(dir.FullName, "manual")).FullName;
            WriteAnnotations(rows, annotations);
            foreach (var labels in new[] { truth, annotations })
            {
                var evaluation = Path.Combine(dir.FullName, "eval-" + Path.GetFileName(labels));
                (code, output, err) = CliRunner.Run("evaluate", "--model", run, "--labels", labels, archive, "--out", evaluation, "--bootstrap", "10");

                // Then every labelled ROI is scored and the usual results files and report are written
                Assert.True(code == 0, err + output);
                Assert.Matches($@"\bimages\W+{scored}\W", output);
                foreach (var file in new[] { "results.json", "results.h5", "results.mat", "calibration.json", "report.html" })
                {
                    Assert.True(File.Exists(Path.Combine(evaluation, file)), file);
                }

                Assert.Contains(rows[0][0], File.ReadAllText(Path.Combine(evaluation, "results.json")), StringComparison.Ordinal);
            }
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Labels_that_match_no_bin_roi_exit_1_naming_the_label_file()
    {
        var dir = Directory.CreateTempSubdirectory("ifcb-train-bins-");
        try
        {
            var archive = Path.Combine(dir.FullName, "archive");
            Assert.Equal(0, CliRunner.Run("synth", "--out", archive, "--bins", "1", "--rois", "10").Code);
            var labels = Path.Combine(dir.FullName, "labels.csv");
            File.WriteAllText(labels, "pid,class\nD20990101T000000_IFCB999_00001,a\nD20990101T000000_IFCB999_00002,b\n");

            var (code, _, err) = CliRunner.Run("train", "--labels", labels, archive, "--model", "resnet18", "--out", Path.Combine(dir.FullName, "run"));

            Assert.Equal(1, code);
            Assert.Contains(labels, err, StringComparison.Ordinal);
            Assert.Contains("none of the 2 labels", err, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Theory]
    [InlineData("train", "--model", "resnet18", "--out", "o", "--labels", "no-such-labels.csv", ".")]
    [InlineData("evaluate", "--model", "m", "--out", "o", "--labels", "no-such-labels.csv", ".")]
    [InlineData("evaluate", "--predictions", "p.csv", "--out", "o", "--labels", "no-such-labels.csv")]
    public void Bad_labels_option_is_a_usage_error_naming_it(params string[] args)
    {
        var (code, _, err) = CliRunner.Run(args);

        Assert.Equal(2, code);
        Assert.Contains("--labels", err, StringComparison.Ordinal);
    }

    // One ifcb-analysis manual-annotation file per bin: classlist (roi, 1-based class index) over every ADC line,
    // NaN where the ground truth has no label (lines without an image), class2use_manual the sorted class names.
    private static void WriteAnnotations(List<string[]> rows, string folder)
    {
        var classes = rows.Select(r => r[1]).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var bin in rows.GroupBy(r => Regex.Replace(r[0], "_[0-9]+$", "")))
        {
            var byRoi = bin.ToDictionary(r => int.Parse(r[0][(r[0].LastIndexOf('_') + 1)..], System.Globalization.CultureInfo.InvariantCulture), r => r[1]);
            var lines = byRoi.Keys.Max();
            var classlist = new double[lines, 3];
            for (var roi = 1; roi <= lines; roi++)
            {
                classlist[roi - 1, 0] = roi;
                classlist[roi - 1, 1] = byRoi.TryGetValue(roi, out var c) ? classes.IndexOf(c) + 1 : double.NaN;
                classlist[roi - 1, 2] = double.NaN;
            }

            MatFile.Write(Path.Combine(folder, bin.Key + ".mat"), new Dictionary<string, MatArray>
            {
                ["classlist"] = MatNumeric.Matrix(classlist),
                ["class2use_manual"] = MatCell.RowOfStrings(classes),
            });
        }
    }
}
