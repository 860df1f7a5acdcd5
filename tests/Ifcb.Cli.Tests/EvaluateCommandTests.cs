using System.Globalization;
using System.Text;

namespace Ifcb.Cli.Tests;

public sealed class EvaluateCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ifcb-evaluate-");

    public void Dispose() => _dir.Delete(recursive: true);

    // Three classes, 60 images: class a always right and confident, b right 15 of 20, c right 10 of 20.
    private string WritePredictions()
    {
        var sb = new StringBuilder("image,true_class,predicted_class,a,b,c\n");
        var labels = new[] { "a", "b", "c" };
        for (var i = 0; i < 60; i++)
        {
            var truth = i / 20;
            var right = truth == 0 || (truth == 1 && i % 20 < 15) || (truth == 2 && i % 2 == 0);
            var predicted = right ? truth : (truth + 1) % 3;
            var scores = new double[3];
            scores[predicted] = right ? 0.9 : 0.6;
            scores[(predicted + 1) % 3] = (1 - scores[predicted]) / 2;
            scores[(predicted + 2) % 3] = (1 - scores[predicted]) / 2;
            sb.Append(CultureInfo.InvariantCulture, $"img_{i:00000},{labels[truth]},{labels[predicted]},{scores[0]},{scores[1]},{scores[2]}\n");
        }

        var path = Path.Combine(_dir.FullName, "run1", "validation_predictions.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, sb.ToString());
        File.WriteAllText(Path.Combine(_dir.FullName, "run1", "epochs.csv"), "epoch,train_loss,val_loss,accuracy,f1_macro,f1_weighted,lr,seconds\n1,1.2,1.1,0.6,0.5,0.55,0.001,10\n2,0.9,0.95,0.75,0.7,0.72,0.001,10\n");
        return path;
    }

    [Fact]
    public void Evaluate_writes_results_plots_and_report_and_prints_the_headline()
    {
        // Given a training run's predictions and epochs
        var predictions = WritePredictions();
        var epochs = Path.Combine(Path.GetDirectoryName(predictions)!, "epochs.csv");
        var outDir = Path.Combine(_dir.FullName, "eval");

        // When evaluated
        var (code, output, err) = CliRunner.Run("evaluate", "--predictions", predictions, "--epochs", epochs, "--out", outDir, "--bootstrap", "100");

        // Then it succeeds, prints the headline figures (accuracy 45/60 = 0.750) and the report path, and writes the files
        Assert.True(code == 0, err);
        Assert.Contains("accuracy", output);
        Assert.Contains("0.750", output);
        Assert.Contains("F1 weighted", output);
        Assert.Contains("report: " + Path.Combine(outDir, "report.html"), output);
        foreach (var file in new[] { "results.json", "results.h5", "results.mat", "calibration.json", "report.html", "plots/training_curves.png", "plots/confusion_matrix.png" })
        {
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);
        }

        // and the model id defaults to the run folder's name
        Assert.Contains("\"model_id\":\"run1\"", File.ReadAllText(Path.Combine(outDir, "results.json")));
    }

    [Fact]
    public void A_malformed_predictions_file_fails_with_exit_1_naming_file_and_line()
    {
        // Given a predictions file with a short row on line 3
        var path = Path.Combine(_dir.FullName, "bad.csv");
        File.WriteAllText(path, "image,true_class,predicted_class,a,b\nx,a,a,0.9,0.1\ny,a,a,0.9\n");

        // When evaluated
        var (code, _, err) = CliRunner.Run("evaluate", "--predictions", path, "--out", Path.Combine(_dir.FullName, "o"));

        // Then exit 1 and the error names the file and line
        Assert.Equal(1, code);
        Assert.Contains(path + ":3", err);
    }

    [Theory]
    [InlineData("--out")]
    [InlineData("--predictions")]
    public void Missing_required_option_is_a_usage_error(string missing)
    {
        // Given a command line without one required option
        var args = new List<string> { "evaluate", "--predictions", Path.Combine(_dir.FullName, "x.csv"), "--out", _dir.FullName };
        var i = args.IndexOf(missing);
        args.RemoveRange(i, 2);

        // When run, Then exit 2 naming the option
        var (code, _, err) = CliRunner.Run([.. args]);
        Assert.Equal(2, code);
        Assert.Contains(missing, err);
    }

    [Fact]
    public void Target_precision_out_of_range_is_a_usage_error()
    {
        var (code, _, err) = CliRunner.Run("evaluate", "--predictions", "p.csv", "--out", _dir.FullName, "--target-precision", "1.5");
        Assert.Equal(2, code);
        Assert.Contains("--target-precision", err);
    }
}
