using Ifcb.Data;
using Ifcb.Inference.Models;
using Ifcb.Inference.Quantization;
using Ifcb.Inference.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Ifcb.Inference.Tests;

public sealed class Int8QuantizerTests : IDisposable
{
    private const int ItemLength = 3 * TinyCnn.Size * TinyCnn.Size;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ifcb-quant-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    private static IEnumerable<CalibrationBatch> Calibration(int batches = 4, int perBatch = 8, int seed = 10)
    {
        for (var b = 0; b < batches; b++)
        {
            yield return new CalibrationBatch(TinyCnn.Images(perBatch, seed + b), perBatch);
        }
    }

    private static float[] Logits(string model, float[] input, int count, GraphOptimizationLevel level = GraphOptimizationLevel.ORT_ENABLE_ALL)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = level };
        using var session = new InferenceSession(model, options);
        using var value = OrtValue.CreateTensorValueFromMemory(input, [count, 3, TinyCnn.Size, TinyCnn.Size]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, ["input"], [value], ["logits"]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    [Fact]
    public void Quantized_model_runs_every_convolution_as_an_integer_kernel()
    {
        // Given a float CNN with a batch norm to fold and a bias shared through an Identity node
        var source = TinyCnn.Write(PathOf("float.onnx"));

        // When it is quantized and ONNX Runtime optimises it
        var result = Int8Quantizer.Quantize(source, PathOf("int8.onnx"), Calibration());
        var optimized = PathOf("int8.optimized.onnx");
        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, OptimizedModelFilePath = optimized })
        using (new InferenceSession(PathOf("int8.onnx"), options))
        {
        }

        // Then every convolution became QLinearConv (no float Conv left), the residual add QLinearAdd
        Assert.Equal(TinyCnn.Convolutions, result.Convolutions);
        Assert.Equal(1, result.FoldedBatchNorms);
        Assert.Equal(32, result.CalibrationImages);
        var ops = ModelProto.Parser.ParseFrom(File.ReadAllBytes(optimized)).Graph.Node.Select(n => n.OpType).ToList();
        Assert.Equal(TinyCnn.Convolutions, ops.Count(o => o == "QLinearConv"));
        Assert.DoesNotContain("Conv", ops);
        Assert.Contains("QLinearAdd", ops);
        Assert.DoesNotContain("BatchNormalization", ops);
    }

    [Fact]
    public void Quantized_model_follows_the_float_model()
    {
        var source = TinyCnn.Write(PathOf("float.onnx"));
        Int8Quantizer.Quantize(source, PathOf("int8.onnx"), Calibration());

        // On images it was not calibrated on
        const int count = 64;
        var input = TinyCnn.Images(count, seed: 99);
        var expected = Logits(source, input, count);
        var actual = Logits(PathOf("int8.onnx"), input, count);

        var spread = expected.Max() - expected.Min();
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst < 0.05 * spread, $"largest logit difference {worst} against a logit spread of {spread}");
        var agree = Enumerable.Range(0, count).Count(i => ArgMax(expected, i) == ArgMax(actual, i));
        Assert.True(agree >= 0.9 * count, $"top-1 agreement {agree}/{count}");
    }

    [Fact]
    public void Batch_norm_folding_and_constant_inlining_keep_the_float_outputs()
    {
        var source = TinyCnn.Write(PathOf("float.onnx"));
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(source));
        GraphPreparation.InlineConstants(model.Graph);
        Assert.Equal(1, GraphPreparation.FoldBatchNorms(model.Graph));
        GraphPreparation.RemoveUnusedInitializers(model.Graph);
        File.WriteAllBytes(PathOf("folded.onnx"), Google.Protobuf.MessageExtensions.ToByteArray(model));

        Assert.DoesNotContain(model.Graph.Node, n => n.OpType is "BatchNormalization" or "Identity");
        var input = TinyCnn.Images(8, seed: 5);
        var expected = Logits(source, input, 8, GraphOptimizationLevel.ORT_DISABLE_ALL);
        var actual = Logits(PathOf("folded.onnx"), input, 8, GraphOptimizationLevel.ORT_DISABLE_ALL);
        Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 1e-4f));
    }

    [Fact]
    public void Quantization_is_deterministic_and_keeps_the_model_card()
    {
        var card = Ifcb.Models.ModelCardJson.Serialize(new Ifcb.Models.ModelCard
        {
            ModelId = "tiny-cnn-7",
            Architecture = "tiny",
            InputSize = TinyCnn.Size,
            InputChannels = 3,
            Preprocessing = new Ifcb.Models.PreprocessingSpec { ResizeMode = "stretch", Mean = [0f], Std = [1f] },
            ClassLabels = ["a", "b", "c", "d", "e"],
        });
        var source = TinyCnn.Write(PathOf("float.onnx"), metadata: new Dictionary<string, string> { [ModelLoader.CardKey] = card });
        Int8Quantizer.Quantize(source, PathOf("one.onnx"), Calibration());
        Int8Quantizer.Quantize(source, PathOf("two.onnx"), Calibration());

        Assert.Equal(File.ReadAllBytes(PathOf("one.onnx")), File.ReadAllBytes(PathOf("two.onnx")));
        var original = ModelLoader.Load(source);
        var quantized = ModelLoader.Load(PathOf("one.onnx"));
        Assert.False(original.IsQuantized);
        Assert.True(quantized.IsQuantized);
        Assert.Equal("tiny-cnn-7-int8", quantized.ModelId);
        Assert.Equal(original.Labels, quantized.Labels);
        Assert.Equal((original.InputSize, original.InputChannels, original.Preprocessing.Resize), (quantized.InputSize, quantized.InputChannels, quantized.Preprocessing.Resize));
    }

    [Fact]
    public void Quantizing_twice_or_without_calibration_images_is_refused()
    {
        var source = TinyCnn.Write(PathOf("float.onnx"));
        Int8Quantizer.Quantize(source, PathOf("int8.onnx"), Calibration());

        var again = Assert.Throws<IfcbDataException>(() => Int8Quantizer.Quantize(PathOf("int8.onnx"), PathOf("again.onnx"), Calibration()));
        Assert.Contains("already quantized", again.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => Int8Quantizer.Quantize(source, PathOf("none.onnx"), []));
        Assert.False(File.Exists(PathOf("none.onnx")));
        File.WriteAllText(PathOf("junk.onnx"), "not a model");
        Assert.Throws<IfcbDataException>(() => Int8Quantizer.Quantize(PathOf("junk.onnx"), PathOf("x.onnx"), Calibration()));
    }

    [Theory]
    [InlineData(0f, 6.375f, 0.025f, 0)] // a ReLU output: zero point 0, so ONNX Runtime can drop the ReLU
    [InlineData(-1f, 3f, 4f / 255, 64)] // zero sits on a level: 63.75 rounds to 64
    [InlineData(0.5f, 2.55f, 0.01f, 0)] // the range is widened to include zero
    [InlineData(-2.55f, -0.5f, 0.01f, 255)]
    [InlineData(0f, 0f, 1f, 0)] // constant zero: a harmless scale
    public void Activation_parameters_cover_the_range_and_zero(float min, float max, float scale, int zeroPoint)
    {
        var (s, z) = QdqRewriter.ActivationParameters(min, max);
        Assert.Equal(scale, s, 1e-6f);
        Assert.Equal(zeroPoint, z);
    }

    private static int ArgMax(float[] logits, int row)
    {
        var best = 0;
        for (var c = 1; c < TinyCnn.Classes; c++)
        {
            best = logits[(row * TinyCnn.Classes) + c] > logits[(row * TinyCnn.Classes) + best] ? c : best;
        }

        return best;
    }
}
