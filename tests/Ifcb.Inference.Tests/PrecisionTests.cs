using Ifcb.Inference.Engine;
using Ifcb.Inference.Models;
using Ifcb.Inference.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Xunit.Abstractions;

namespace Ifcb.Inference.Tests;

[Trait("Category", "Reference")]
public sealed class PrecisionTests(ModelFixture models, ITestOutputHelper output) : IClassFixture<ModelFixture>, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("ifcb-precision-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Multiply_adds_are_counted_from_the_graph()
    {
        // Given the tiny CNN: conv 3->8 3x3 at 16x16, pool to 8x8, conv 8->8 3x3, conv 8->8 1x1, Gemm 16->5
        var path = TinyCnn.Write(Path.Combine(_folder.FullName, "cnn.onnx"));

        // Then the count is the sum of output elements x inner products
        var expected = (8L * 16 * 16 * 3 * 3 * 3) + (8L * 8 * 8 * 8 * 3 * 3) + (8L * 8 * 8 * 8) + (5L * 16);
        Assert.Equal(expected, ModelCost.MultiplyAdds(path));
    }

    [Fact]
    public void Fp16_model_keeps_float_inputs_and_outputs_and_converts_every_weight()
    {
        var path = TinyCnn.Write(Path.Combine(_folder.FullName, "cnn.onnx"));
        var model = ModelProto.Parser.ParseFrom(Fp16Converter.Convert(path));

        Assert.All(model.Graph.Initializer, t => Assert.Equal((int)TensorProto.Types.DataType.Float16, t.DataType));
        Assert.Equal((int)TensorProto.Types.DataType.Float, model.Graph.Input.Single(i => i.Name == "input").Type.TensorType.ElemType);
        Assert.Equal((int)TensorProto.Types.DataType.Float, model.Graph.Output.Single().Type.TensorType.ElemType);
        Assert.Equal("Cast", model.Graph.Node[0].OpType);
        Assert.Equal("Cast", model.Graph.Node[^1].OpType);
    }

    [Fact]
    public void Fp16_scores_agree_with_fp32_on_the_cpu()
    {
        // Given the tiny CNN in float32 and converted to float16 (ONNX Runtime's CPU provider runs what it has no
        // float16 kernel for in float between casts: float16 weights and activations, float arithmetic)
        var path = TinyCnn.Write(Path.Combine(_folder.FullName, "cnn.onnx"));
        const int count = 2000;
        var input = TinyCnn.Images(count, seed: 42);
        var fp32 = Probabilities(File.ReadAllBytes(path), input, count);
        var fp16 = Probabilities(Fp16Converter.Convert(path), input, count);

        // Then top-1 agrees on at least 99.9% of the images, and the largest score difference is small
        var agree = Enumerable.Range(0, count).Count(i => ArgMax(fp32, i) == ArgMax(fp16, i));
        var worst = fp32.Zip(fp16, (a, b) => Math.Abs(a - b)).Max();
        output.WriteLine($"fp16 vs fp32 on {count} images: top-1 agreement {agree / (double)count:F4}, largest score difference {worst:E2}");
        Assert.True(agree >= 0.999 * count, $"top-1 agreement {agree}/{count}");
        Assert.True(worst < 1e-2, $"largest score difference {worst}");
    }

    [Fact]
    public void Engine_runs_fp16_with_the_same_interface()
    {
        // Given the WHOI-style test model through the engine in both precisions
        var model = ModelLoader.Load(models.Whoi);
        using var fp32 = new OnnxEngine(model, DeviceSpec.Cpu, new EngineSettings { IntraOpThreads = 1 });
        using var fp16 = new OnnxEngine(model, DeviceSpec.Cpu, new EngineSettings { IntraOpThreads = 1, Precision = ModelPrecision.Fp16, AllowSpinning = false });
        var input = new float[4 * fp32.ItemLength];
        var random = new Random(3);
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)random.NextDouble();
        }

        // When both run the same batch
        var a = new float[4 * fp32.ClassCount];
        var b = new float[4 * fp16.ClassCount];
        fp32.Run(input, 4, a, []);
        fp16.Run(input, 4, b, []);

        // Then the probabilities match to float16 precision and the session time is counted
        Assert.All(a.Zip(b), p => Assert.Equal(p.First, p.Second, 5e-3f));
        Assert.True(fp16.SessionTicks > 0);
    }

    [Fact]
    public void Fp16_refuses_an_int8_model()
    {
        var model = ModelLoader.Load(models.Whoi) with { IsQuantized = true };
        var error = Assert.Throws<InvalidOperationException>(() => new OnnxEngine(model, DeviceSpec.Cpu, new EngineSettings { Precision = ModelPrecision.Fp16 }));
        Assert.Contains("float original", error.Message, StringComparison.Ordinal);
    }

    private static float[] Probabilities(byte[] model, float[] input, int count)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        using var value = OrtValue.CreateTensorValueFromMemory(input, [count, 3, TinyCnn.Size, TinyCnn.Size]);
        using var run = new RunOptions();
        using var results = session.Run(run, ["input"], [value], ["logits"]);
        var logits = results[0].GetTensorDataAsSpan<float>().ToArray();
        var probabilities = new float[logits.Length];
        for (var i = 0; i < count; i++)
        {
            Softmax.Apply(logits.AsSpan(i * TinyCnn.Classes, TinyCnn.Classes), probabilities.AsSpan(i * TinyCnn.Classes, TinyCnn.Classes), 1f);
        }

        return probabilities;
    }

    private static int ArgMax(float[] scores, int row)
    {
        var best = 0;
        for (var c = 1; c < TinyCnn.Classes; c++)
        {
            best = scores[(row * TinyCnn.Classes) + c] > scores[(row * TinyCnn.Classes) + best] ? c : best;
        }

        return best;
    }
}
