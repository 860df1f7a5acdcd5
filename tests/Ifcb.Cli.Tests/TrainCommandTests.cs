using Ifcb.Data.Png;

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
}
