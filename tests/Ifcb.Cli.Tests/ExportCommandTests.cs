using System.Text.Json.Nodes;
using Ifcb.Data.Png;
using Ifcb.Testing;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Ifcb.Cli.Tests;

/// <summary>
/// <c>ifcb export</c> of a trained run: the ONNX file passes the ONNX checker (full check), carries the model card,
/// has the card's classes beside it, and computes what the run's own model.onnx computes; <c>ifcb quantize</c>'s
/// int8 model of it passes the checker too.
/// </summary>
public sealed class ExportCommandTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ifcb-cli-export-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void Export_writes_a_checked_onnx_with_the_card_that_computes_the_runs_model_and_quantizes_to_a_checked_int8()
    {
        // Given a tiny training run (two classes of bright and dark images, resnet18 at 32 px, one epoch)
        var data = Path.Combine(_temp.FullName, "data");
        for (var c = 0; c < 2; c++)
        {
            var classDir = Directory.CreateDirectory(Path.Combine(data, c == 0 ? "dark" : "light")).FullName;
            for (var i = 0; i < 4; i++)
            {
                var pixels = Enumerable.Range(0, 36 * 36).Select(p => (byte)((c == 0 ? 40 : 200) + ((p * (i + 3)) % 23))).ToArray();
                File.WriteAllBytes(Path.Combine(classDir, $"D20240101T00000{i}_IFCB1_0000{c + 1}.png"), GrayPng.Encode(pixels, 36, 36));
            }
        }

        var run = Path.Combine(_temp.FullName, "run");
        var (trained, trainOut, trainErr) = CliRunner.Run("train", data, "--model", "resnet18", "--out", run, "--input-size", "32", "--epochs-max", "1", "--batch", "4");
        Assert.True(trained == 0, trainErr + trainOut);

        // When it is exported to another file, and that file is quantized on ROIs of real bins
        var onnx = Path.Combine(_temp.FullName, "exported", "resnet18.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(onnx)!);
        var (code, output, err) = CliRunner.Run("export", "--model", run, "--out", onnx);
        Assert.True(code == 0, err);
        Assert.Contains($"exported {onnx}", output);
        var bins = Path.Combine(_temp.FullName, "bins");
        TestData.CopyBin(TestBins.V2White, bins);
        var int8 = Path.Combine(_temp.FullName, "exported", "resnet18.int8.onnx");
        var (quantized, _, quantizeErr) = CliRunner.Run("quantize", bins, "--model", onnx, "--out", int8, "--images", "10");
        Assert.True(quantized == 0, quantizeErr);

        // Then Python's onnx checker (full check) accepts both, and the export carries the run's model card
        var checks = ReferenceScripts.Run("onnx_check.py", onnx, int8).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(2, checks.Count);
        var metadata = checks[0]["metadata"]!;
        var card = JsonNode.Parse(metadata["ifcb_model_card"]!.GetValue<string>())!;
        var runCard = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "model.json")))!;
        Assert.True(JsonNode.DeepEquals(runCard, card), $"card in the ONNX metadata differs from model.json:\n{card}\n{runCard}");
        Assert.Equal("resnet18", metadata["architecture"]!.GetValue<string>());
        Assert.True(checks[1]["metadata"]!.AsObject().ContainsKey(Ifcb.Inference.Quantization.Int8Quantizer.MetadataKey), checks[1].ToJsonString());

        // And the sidecar lists the card's classes, and the export computes what the run's model.onnx computes
        Assert.Equal(["dark", "light"], File.ReadAllLines(Path.ChangeExtension(onnx, ".classes")));
        var random = new Random(5);
        var input = new DenseTensor<float>(Enumerable.Range(0, 3 * 3 * 32 * 32).Select(_ => (float)random.NextDouble()).ToArray(), [3, 3, 32, 32]);
        var exported = Logits(onnx, input);
        Assert.Equal(Logits(Path.Combine(run, "model.onnx"), input), exported);
        Assert.Equal(3 * 2, exported.Length);
        Assert.All(exported, v => Assert.True(float.IsFinite(v)));
    }

    private static float[] Logits(string path, DenseTensor<float> input)
    {
        using var session = new InferenceSession(path);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.First(), input)]);
        return [.. results[0].AsTensor<float>()];
    }
}
