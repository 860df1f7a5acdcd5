namespace Ifcb.Cli.Tests;

/// <summary>The whole product on synthetic data: synth, list, extract, train, report, export, evaluate, classify, score, quantize.</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("ifcb-demo-");

    public void Dispose() => _out.Delete(recursive: true);

    [Fact]
    public void Quick_demo_runs_end_to_end_and_leaves_every_product()
    {
        // When the quick demo runs
        var (code, output, err) = CliRunner.Run("demo", "--quick", "--out", _out.FullName);

        // Then it succeeds and every stage left its product where the summary says
        Assert.True(code == 0, err + output);
        var root = _out.FullName;
        Assert.True(File.Exists(Path.Combine(root, "archive", "ground_truth.csv")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(root, "png"), "*.png"));
        foreach (var file in new[] { "model.pt", "model.json", "model.onnx", "model.classes", "epochs.csv", "report/report.html", "report/results.h5" })
        {
            Assert.True(File.Exists(Path.Combine(root, "run", file)), file);
        }

        // The model card now carries the fitted calibration that classification applies
        var card = Ifcb.Models.ModelCardJson.Read(Path.Combine(root, "run", "model.json"));
        Assert.NotNull(card.Thresholds);
        Assert.Equal(card.ClassLabels.Count, card.Thresholds!.Count);
        Assert.True(card.Temperature > 0);

        // And count correction's validation estimates: in the card, refitted by evaluate, applied by classify, scored
        Assert.Equal(card.ClassLabels.Count, card.Quantification!.Support.Count);
        Assert.True(card.Quantification.Support.Sum() > 0);
        Assert.True(File.Exists(Path.Combine(root, "evaluation", "quantification.json")));
        Assert.Contains("counts corrected with pacc", output, StringComparison.Ordinal);
        Assert.Contains("count error", output, StringComparison.Ordinal);

        Assert.True(File.Exists(Path.Combine(root, "evaluation", "report.html")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(root, "classified"), "*_class.h5", SearchOption.AllDirectories));
        Assert.True(File.Exists(Path.Combine(root, "classified", "score", "report.html")));
        Assert.Contains("scored against", output);

        // And the int8 model was made from the run, checked, and scored on the same archive
        Assert.True(File.Exists(Path.Combine(root, "run", "model-int8.onnx")));
        Assert.Contains("top-1 agreement with the float model", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(root, "classified-int8", "score", "report.html")));
    }
}
